import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { textOf } from '../test/markup';
import { ConfirmDialog } from './ConfirmDialog';

const render = (extra: Partial<Parameters<typeof ConfirmDialog>[0]> = {}) => renderToStaticMarkup(
  <ConfirmDialog title="Remove thing?" testId="remove-dialog" description="It goes for good."
                 keepLabel="Keep it" confirmLabel="Remove" busyLabel="Removing…"
                 onConfirm={async () => {}} onClose={() => {}} {...extra} />,
);

describe('the confirmation dialog', () => {
  it('is named by its title and described by its text', () => {
    const html = render();
    const m = /^<dialog aria-labelledby="([^"]+)" aria-describedby="([^"]+)" data-testid="remove-dialog"/.exec(html);
    expect(m).not.toBeNull();
    const [, titleId, textId] = m!;
    expect(titleId).not.toBe(textId);
    expect(html).toContain(`<h2 id="${titleId}" class="break-all text-lg font-semibold">Remove thing?</h2>`);
    expect(html).toContain(`<p id="${textId}" class="text-sm text-slate-700 dark:text-slate-300">It goes for good.</p>`);
  });

  it('puts the safe choice first, so that it is the one focused, and the danger one after it', () => {
    const html = render();
    expect(textOf(html)).toBe('Remove thing? It goes for good. Keep it Remove');
    expect(html).toMatch(/<button type="button" class="btn-secondary">Keep it<\/button><button type="button" class="btn-danger-solid">Remove<\/button>/);
  });

  it('does not show the busy label until asked to confirm', () => {
    expect(render()).not.toContain('Removing…');
  });

  it('takes several paragraphs in a div, a title that does not break, and another confirm style', () => {
    const html = render({
      descriptionAs: 'div', breakTitle: false, confirmClassName: 'btn-primary',
      description: <><p>One.</p><p>Two.</p></>,
    });
    const textId = /aria-describedby="([^"]+)"/.exec(html)![1];
    expect(html).toContain(`<div id="${textId}" class="space-y-2 text-sm text-slate-700 dark:text-slate-300"><p>One.</p><p>Two.</p></div>`);
    expect(html).toContain('<h2 id="');
    expect(html).toContain('class="text-lg font-semibold">Remove thing?</h2>');
    expect(html).toContain('<button type="button" class="btn-primary">Remove</button>');
  });
});
