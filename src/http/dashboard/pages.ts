/** The two HTML documents the server renders; everything else is drawn by /assets/dashboard.js from the API. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
${body}
</body>
</html>`;
}

export function signInPage(input: { csrfToken: string; next: string; error?: string }): string {
  const error = input.error ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(input.error)}</p>` : '';
  return document(
    'Sign in · Effortless',
    `<main class="sign-in">
<h1>Effortless</h1>
<p>Sign in with the dashboard token (<code>DASHBOARD_TOKEN</code>).</p>
${error}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${escapeHtml(input.csrfToken)}">
<input type="hidden" name="next" value="${escapeHtml(input.next)}">
<label for="token">Dashboard token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required minlength="16"${input.error ? ' aria-describedby="sign-in-error"' : ''} autofocus>
<button type="submit">Sign in</button>
</form>
</main>`,
  );
}

export function messagePage(title: string, message: string): string {
  return document(title, `<main class="sign-in"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main>`);
}

export function dashboardPage(input: { csrfToken: string }): string {
  return document(
    'Effortless dashboard',
    `<a class="skip" href="#main">Skip to the figures</a>
<header class="top">
<h1>Where effort is</h1>
<form method="post" action="/logout" class="sign-out">
<input type="hidden" name="_csrf" value="${escapeHtml(input.csrfToken)}">
<button type="submit">Sign out</button>
</form>
</header>
<div id="app" data-ready="false"><main id="main"><p>Loading the figures…</p><noscript>The dashboard needs JavaScript; the same figures are at /api/dashboard/overview.</noscript></main></div>
<script type="module" src="/assets/dashboard.js"></script>`,
  );
}
