import { describe, expect, it } from 'vitest';
import { cardEntries } from './modelCards';

describe('cardEntries', () => {
  it('reads the nested card of a catalogue entry', () => {
    const entry = { name: 'Meso4_DF', version: '1', torchscript: 'x.pt',
                    card: { paper: 'MesoNet 2018', known_limits: ['generalises poorly'], license: '' } };
    expect(cardEntries(entry)).toEqual([['paper', 'MesoNet 2018'], ['known_limits', ['generalises poorly']]]);
  });

  it('uses a flat entry as its own card, without the fields the table already shows', () => {
    expect(cardEntries({ name: 'X', version: '2', weights_sha256: 'ab', available: true, training_data: 'FF++', notes: null }))
      .toEqual([['training_data', 'FF++']]);
  });
});
