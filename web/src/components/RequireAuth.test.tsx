import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { SignInPage } from '../pages/SignInPage';
import { AuthProvider } from './AuthContext';
import { RequireAuth } from './RequireAuth';

// Until GET /api/v1/session answers, neither the page nor the key prompt
// shows: a new tab of a signed-in browser must not ask for the key.
describe('before the session check answers', () => {
  it('a page behind sign-in shows neither itself nor a redirect', () => {
    const html = renderToStaticMarkup(
      <AuthProvider><MemoryRouter initialEntries={['/jobs/j1']}><RequireAuth><p>the report</p></RequireAuth></MemoryRouter></AuthProvider>);
    expect(html).toContain('data-testid="checking-session"');
    expect(html).not.toContain('the report');
  });

  it('the sign-in page does not ask for the key yet', () => {
    const html = renderToStaticMarkup(<AuthProvider><MemoryRouter initialEntries={['/signin']}><SignInPage /></MemoryRouter></AuthProvider>);
    expect(html).toContain('data-testid="checking-session"');
    expect(html).not.toContain('id="api-key"');
  });
});
