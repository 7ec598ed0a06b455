import { useCallback, useEffect, useReducer, useState } from 'react';
import { AdminUsers } from '../components/AdminUsers';
import { IssuedKeyNotice, KeysList, NewKeyForm, RevokeKeyDialog, type NewKeyDraft } from '../components/ApiKeys';
import { useAuth } from '../components/AuthContext';
import { ErrorNotice } from '../components/ErrorNotice';
import { UsageSection } from '../components/UsageSection';
import { useCreateForm } from '../components/useCreateForm';
import { WebhooksSection } from '../components/WebhooksSection';
import { ApiError, api } from '../lib/api';
import { INITIAL_KEYS_STATE, keysReducer, newKeyBody, validateKeyName, type ApiKeyInfo } from '../lib/keys';

const EMPTY_DRAFT: NewKeyDraft = { name: '', days: 90 };

export const SIGNED_OUT_BY_REVOKE = 'You revoked the API key this browser was signed in with, so you have been signed out. '
  + 'Sign in with another key.';

// The signed-in user's own API keys: list, create (the secret shown once),
// revoke. Revoking this browser's key signs it out. Then their webhook
// endpoints (WebhooksSection), their usage of their quotas (UsageSection),
// and for admins alone the users and their quotas (AdminUsers).
export function SettingsPage() {
  const { handleAuthError, signedOut, user } = useAuth();
  const [state, dispatch] = useReducer(keysReducer, INITIAL_KEYS_STATE);
  const [listError, setListError] = useState<{ title: string; error: unknown } | null>(null);

  const load = useCallback(async () => {
    try {
      dispatch({ type: 'listed', keys: await api.keys() });
      setListError(null);
    } catch (e) {
      if (!handleAuthError(e)) setListError({ title: 'Could not load your keys', error: e });
    }
  }, [handleAuthError]);

  useEffect(() => { void load(); }, [load]);

  const { draft, setDraft, tried, creating, error: createError, create } = useCreateForm({
    empty: EMPTY_DRAFT,
    invalid: (d) => validateKeyName(d.name),
    submit: (d) => api.createKey(newKeyBody(d.name, d.days)),
    onCreated: (key) => {
      dispatch({ type: 'created', key });
      void load();
    },
    onAuthError: handleAuthError,
  });

  async function revoke(key: ApiKeyInfo) {
    try {
      await api.revokeKey(key.id);
    } catch (e) {
      if (handleAuthError(e)) return;
      setListError({ title: 'Could not revoke the key', error: e });
      // KEY_NOT_FOUND: revoked elsewhere already; the list shows what is left.
      if (e instanceof ApiError && e.code === 'KEY_NOT_FOUND') void load();
      return;
    }
    // The server refuses this key, and ended this browser's session with it:
    // sign out before anything asks again.
    if (key.current) signedOut(SIGNED_OUT_BY_REVOKE);
    else dispatch({ type: 'revoked', id: key.id });
  }

  return (
    <section aria-labelledby="settings-title" className="space-y-4">
      <h1 id="settings-title" className="text-2xl font-bold">Settings</h1>
      <section aria-labelledby="keys-title" className="card space-y-4" aria-busy={!state.keys}>
        <div>
          <h2 id="keys-title" className="h2">API keys</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Programs sign in with a key, as this browser does. Give each its own key, so that one can be revoked
            without stopping the others.
          </p>
        </div>
        {listError && <ErrorNotice error={listError.error} title={listError.title} />}
        {state.keys ? <KeysList keys={state.keys} onRevoke={(k) => dispatch({ type: 'ask-revoke', key: k })} />
          : !listError && <p className="text-sm text-slate-600 dark:text-slate-400" role="status">Loading…</p>}
      </section>
      <section aria-labelledby="new-key-title" className="card space-y-4 print:hidden">
        <h2 id="new-key-title" className="h2">New key</h2>
        {state.issued && <IssuedKeyNotice key={state.issued.id} issued={state.issued}
                                          onDone={() => dispatch({ type: 'dismiss-secret' })} />}
        <NewKeyForm draft={draft} tried={tried} busy={creating} error={createError}
                    onChange={setDraft} onSubmit={() => void create()} />
      </section>
      <WebhooksSection />
      <UsageSection />
      <AdminUsers user={user} />
      {state.revoking && <RevokeKeyDialog key={state.revoking.id} apiKey={state.revoking} onConfirm={() => revoke(state.revoking!)}
                                          onClose={() => dispatch({ type: 'cancel-revoke' })} />}
    </section>
  );
}
