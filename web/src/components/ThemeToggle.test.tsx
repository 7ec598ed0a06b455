import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ThemeToggle } from './ThemeToggle';

describe('the theme toggle', () => {
  it('offers system, light and dark as pressed buttons in a labelled group, system by default', () => {
    const html = renderToStaticMarkup(<ThemeToggle />);
    expect(html).toContain('role="group" aria-label="Colour theme"');
    expect([...html.matchAll(/aria-pressed="(true|false)"[^>]*>(\w+)</g)].map((m) => `${m[2]}:${m[1]}`))
      .toEqual(['System:true', 'Light:false', 'Dark:false']);
  });
});
