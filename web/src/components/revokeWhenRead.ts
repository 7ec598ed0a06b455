// Revokes an object URL shown by an <img>: at once, or, when the image is
// still reading it (a row or page left mid-load), once the read ends, since
// revoking under a read fails it and the browser reports an error for that.
export function revokeWhenRead(url: string, img: HTMLImageElement | null): void {
  const revoke = () => URL.revokeObjectURL(url);
  if (img && img.src === url && !img.complete) {
    img.addEventListener('load', revoke, { once: true });
    img.addEventListener('error', revoke, { once: true });
  } else {
    revoke();
  }
}
