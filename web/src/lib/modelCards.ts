import type { ModelCard } from './types';

// Shown elsewhere in the detectors table, or plumbing rather than card text.
const HIDDEN_CARD_KEYS = new Set(['name', 'version', 'weights_sha256', 'available', 'card']);

// A catalogue entry from GET /api/v1/models keeps its card under `card`; a
// flat entry is its own card.
export function cardEntries(entry: ModelCard): [string, unknown][] {
  const card = entry.card;
  const source = card !== null && typeof card === 'object' && !Array.isArray(card)
    ? (card as Record<string, unknown>) : entry;
  return Object.entries(source).filter(([k, v]) => !HIDDEN_CARD_KEYS.has(k) && v !== null && v !== '');
}
