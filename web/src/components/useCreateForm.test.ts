import { describe, expect, it } from 'vitest';
import { runCreate, type CreateFormOptions, type CreateFormSetters } from './useCreateForm';

interface Draft { name: string }
const EMPTY: Draft = { name: '' };

// Records every state update and callback, in order.
function recorder() {
  const calls: unknown[][] = [];
  const set: CreateFormSetters<Draft> = {
    setDraft: (d) => calls.push(['draft', d]),
    setTried: (t) => calls.push(['tried', t]),
    setCreating: (c) => calls.push(['creating', c]),
    setError: (e) => calls.push(['error', e]),
  };
  return { calls, set };
}

function options(over: Partial<CreateFormOptions<Draft, string>>, calls: unknown[][]): CreateFormOptions<Draft, string> {
  return {
    empty: EMPTY,
    invalid: (d) => (d.name ? null : 'Give it a name.'),
    submit: async (d) => `made ${d.name}`,
    onCreated: (r) => calls.push(['created', r]),
    onAuthError: () => false,
    ...over,
  };
}

describe('runCreate', () => {
  it('marks the form tried and sends nothing when the draft is invalid', async () => {
    const { calls, set } = recorder();
    let sent = false;
    await runCreate(EMPTY, options({ submit: async () => { sent = true; return ''; } }, calls), set);
    expect(sent).toBe(false);
    expect(calls).toEqual([['tried', true]]);
  });

  it('sends the draft, hands on the result, then clears the form', async () => {
    const { calls, set } = recorder();
    await runCreate({ name: 'ci' }, options({}, calls), set);
    expect(calls).toEqual([
      ['tried', true], ['creating', true], ['error', null],
      ['created', 'made ci'], ['draft', EMPTY], ['tried', false],
      ['creating', false],
    ]);
  });

  it('keeps the draft when asked, and without a check never marks it tried', async () => {
    const { calls, set } = recorder();
    await runCreate({ name: '' }, options({ invalid: undefined, keepDraft: true }, calls), set);
    expect(calls).toEqual([['creating', true], ['error', null], ['created', 'made '], ['creating', false]]);
  });

  it('keeps an error for the form, and the draft as it was', async () => {
    const { calls, set } = recorder();
    const boom = new Error('boom');
    await runCreate({ name: 'ci' }, options({ submit: () => Promise.reject(boom) }, calls), set);
    expect(calls).toEqual([['tried', true], ['creating', true], ['error', null], ['error', boom], ['creating', false]]);
  });

  it('shows nothing for an error the session took', async () => {
    const { calls, set } = recorder();
    const seen: unknown[] = [];
    const expired = new Error('expired');
    await runCreate({ name: 'ci' }, options({
      submit: () => Promise.reject(expired),
      onAuthError: (e) => { seen.push(e); return true; },
    }, calls), set);
    expect(seen).toEqual([expired]);
    expect(calls).toEqual([['tried', true], ['creating', true], ['error', null], ['creating', false]]);
  });
});
