// The "create something from a form" flow shared by Settings' new key, new
// webhook endpoint and new user forms, and a job's new share link form: the
// draft the form edits, whether the user tried to send it (the forms show an
// empty required field as a problem only then), whether it is being sent, and
// why the last send failed. runCreate is the flow itself, apart from React, so
// that it can be tested without rendering.
import { useState, type Dispatch, type SetStateAction } from 'react';

export interface CreateFormOptions<Draft, Result> {
  // The draft the form starts with, and goes back to after each create.
  empty: Draft;
  // What stops the draft from being sent (a message, or true), or null.
  // Without it every draft is sent, and `tried` is never set.
  invalid?: (draft: Draft) => string | boolean | null;
  submit: (draft: Draft) => Promise<Result>;
  // With what the server made: add it to the list, reload the list.
  onCreated: (result: Result) => void;
  // True when the error was the session's (useAuth's handleAuthError, which
  // deals with it): the form then shows nothing.
  onAuthError: (error: unknown) => boolean;
  // Keep the draft after a create (a share link's expiry), instead of
  // clearing the form.
  keepDraft?: boolean;
}

export interface CreateFormSetters<Draft> {
  setDraft: (draft: Draft) => void;
  setTried: (tried: boolean) => void;
  setCreating: (creating: boolean) => void;
  setError: (error: unknown) => void;
}

// Checks the draft once the user tried, sends it, and on success hands the
// result on before the form is cleared; an error the session does not take
// is kept for the form's ErrorNotice.
export async function runCreate<Draft, Result>(
  draft: Draft, options: CreateFormOptions<Draft, Result>, set: CreateFormSetters<Draft>,
): Promise<void> {
  const { empty, invalid, submit, onCreated, onAuthError, keepDraft = false } = options;
  if (invalid) {
    set.setTried(true);
    if (invalid(draft)) return;
  }
  set.setCreating(true);
  set.setError(null);
  try {
    onCreated(await submit(draft));
    if (!keepDraft) {
      set.setDraft(empty);
      set.setTried(false);
    }
  } catch (e) {
    if (!onAuthError(e)) set.setError(e);
  } finally {
    set.setCreating(false);
  }
}

export interface CreateForm<Draft> {
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  tried: boolean;
  creating: boolean;
  error: unknown;
  create: () => Promise<void>;
}

export function useCreateForm<Draft, Result>(options: CreateFormOptions<Draft, Result>): CreateForm<Draft> {
  const [draft, setDraft] = useState(options.empty);
  const [tried, setTried] = useState(false);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    draft, setDraft, tried, creating, error,
    create: () => runCreate(draft, options, { setDraft, setTried, setCreating, setError }),
  };
}
