import { boxPosition, type FaceBox } from '../lib/evidence';
import { formatScore } from '../lib/format';
import type { Verdict } from '../lib/types';

// Box and label colours by what the face's score leans to, readable over
// any picture: a light outline, and white text on a dark label.
const TONES: Record<Verdict, { box: string; label: string }> = {
  likely_fake: { box: 'border-orange-400', label: 'bg-orange-800' },
  likely_real: { box: 'border-emerald-400', label: 'bg-emerald-800' },
  inconclusive: { box: 'border-sky-300', label: 'bg-slate-800' },
  not_applicable: { box: 'border-slate-300', label: 'bg-slate-800' },
};

// A label above its box, or inside it when the box touches the top edge.
const NEAR_TOP = 0.12;

// The sampled frame's faces over the picture (a video or an image), each
// labelled with its face track and score. Hidden from screen readers: the
// player's caption says the same in words.
export function FaceBoxes({ boxes, width, height }: { boxes: FaceBox[]; width: number; height: number }) {
  return (
    <div aria-hidden="true" className="pointer-events-none absolute inset-0" data-testid="face-boxes">
      {boxes.map((face, i) => {
        const tone = TONES[face.verdict] ?? TONES.not_applicable;
        const labelInside = face.box[1] / height < NEAR_TOP;
        return (
          <div key={`${face.trackKey}-${i}`} data-testid="face-box" data-track={face.trackKey}
               className={`absolute rounded-sm border-2 ${tone.box}`} style={boxPosition(face.box, width, height)}>
            <span className={`absolute left-0 whitespace-nowrap rounded-sm px-1 text-[11px] font-semibold leading-4 text-white ${
              tone.label} ${labelInside ? 'top-0' : 'bottom-full mb-0.5'}`}>
              {face.label} · {formatScore(face.score)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
