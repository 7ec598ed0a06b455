// Test helper: reads server-rendered markup (renderToStaticMarkup) as the
// text a reader sees, whole or one element's worth.
import { expect } from 'vitest';

// Tags dropped, the entities React writes decoded, white space collapsed.
export function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

// The text of the (first) element carrying data-testid=`id`, up to its own
// closing tag.
export function part(html: string, id: string): string {
  const start = html.lastIndexOf('<', html.indexOf(`data-testid="${id}"`));
  expect(html.indexOf(`data-testid="${id}"`), `no ${id}`).toBeGreaterThan(-1);
  const tag = /^<(\w+)/.exec(html.slice(start))![1];
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return textOf(html.slice(start, m.index + m[0].length));
  }
  throw new Error(`unclosed ${id}`);
}
