// Human explanations for the API's stable error codes (src/core/errors.hpp).
const EXPLANATIONS: Record<string, string> = {
  UNAUTHORIZED: 'The API key was not accepted. Check that you copied the whole key, or ask an administrator for a new one.',
  FORBIDDEN: 'This API key is not allowed to do that.',
  ROUTE_NOT_FOUND: 'The server has no such page or API route; this interface may be newer than the server.',
  METHOD_NOT_ALLOWED: 'The server does not allow that action here; this interface may be newer than the server.',
  JOB_NOT_FOUND: 'There is no such job for your account. It may belong to another user or have been removed.',
  JOB_NOT_CANCELLABLE: 'The job has already finished, so there is nothing to cancel.',
  INVALID_REQUEST: 'The request was not valid.',
  INVALID_CURSOR: 'The page link has expired; start again from the first page.',
  EMPTY_BODY: 'The file is empty.',
  INCOMPLETE_BODY: 'The upload was cut off before the whole file arrived. Try again.',
  MALFORMED_MULTIPART: 'The upload was malformed. Try again.',
  MISSING_FILE: 'No file was attached to the upload.',
  MEDIA_TOO_LARGE: 'The file is larger than the server accepts.',
  UNSUPPORTED_MEDIA: 'The file is not a video format DeepTrace can read. Choose an MP4, MOV, WebM, MKV or AVI video.',
  NO_VIDEO_STREAM: 'The file has no video track (it may be audio only).',
  CORRUPT_MEDIA: 'The video could not be decoded; the file may be damaged or truncated.',
  MEDIA_TOO_LONG: 'The video is longer than the server allows.',
  REQUEST_TIMEOUT: 'The upload took too long and the server gave up. Check your connection and try again.',
  STORE_UNAVAILABLE: 'The server cannot reach its database right now. Try again in a moment.',
  SHUTTING_DOWN: 'The server is restarting. Try again in a moment.',
  INTERNAL: 'Something went wrong inside DeepTrace. Trying again may help.',
  MEDIA_MISSING: 'The uploaded file is no longer available on the server. Upload it again.',
  MODEL_UNAVAILABLE: 'A detector this job needs is not installed on the server. Ask an administrator.',
  INFERENCE_FAILED: 'A detector failed while analysing the video. Trying again may help.',
  WORKER_LOST: 'The analysis stopped responding several times, so DeepTrace gave up on this job.',
  LEASE_LOST: 'The job was taken over by another worker.',
  ARTIFACT_NOT_FOUND: 'This piece of evidence (a thumbnail or timeline) is not stored with the job.',
  NOT_ANCHORED: 'This report has not been anchored on chain yet. Anchoring is optional and runs in batches.',
  ANCHOR_BATCH_NOT_FOUND: 'There is no such anchor batch.',
  ANCHOR_CONFLICT: 'A report in this batch is already in another anchor batch, or the Merkle root was used before.',
  ANCHOR_PROOF_INVALID: "A report digest or Merkle proof does not match the server's copy of the report.",
  INVALID_ANCHOR: 'The server sent anchoring data this page cannot read.',
  NETWORK_ERROR: 'The server could not be reached. Check your connection.',
  UPLOAD_ABORTED: 'The upload was cancelled.',
};

export function explainError(code: string | undefined, fallback?: string): string {
  if (code && EXPLANATIONS[code]) return EXPLANATIONS[code];
  return fallback || 'An unexpected error occurred.';
}
