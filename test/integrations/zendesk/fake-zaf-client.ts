/**
 * A stand-in for Zendesk's ZAF SDK (zaf_sdk.min.js), served to the sidebar app in place of
 * the real script. It answers `client.get` from `window.__zaf.data`, keeps `client.on`
 * handlers so a test can fire ticket events (`window.__zaf.fire('ticket.updated')`), and
 * sends `client.request` to `window.zafProxy`, which the test exposes from Node and which
 * does what Zendesk's proxy does for `secure: true`: put the secure setting in place of
 * `{{setting.token}}` outside the browser. Metadata carries only the non-secure settings,
 * as Zendesk's does.
 */
export const FAKE_ZAF_SDK = `
(function () {
  var handlers = {};
  window.__zaf = {
    data: { 'ticket.id': 0, 'currentUser.locale': 'en-US' },
    settings: {},
    requests: [],
    resizes: [],
    fire: function (name) { (handlers[name] || []).forEach(function (fn) { fn(); }); },
  };
  var client = {
    get: function (path) {
      var out = {};
      [].concat(path).forEach(function (p) { out[p] = window.__zaf.data[p]; });
      return Promise.resolve(out);
    },
    metadata: function () { return Promise.resolve({ settings: window.__zaf.settings }); },
    on: function (name, fn) { (handlers[name] = handlers[name] || []).push(fn); },
    invoke: function (name, value) { if (name === 'resize') window.__zaf.resizes.push(value); return Promise.resolve({}); },
    request: function (options) {
      window.__zaf.requests.push(JSON.parse(JSON.stringify(options)));
      return window.zafProxy(options).then(function (answer) {
        if (answer.status >= 200 && answer.status < 300) return answer.body;
        return Promise.reject({ status: answer.status, responseText: JSON.stringify(answer.body) });
      });
    },
  };
  window.ZAFClient = { init: function () { return client; } };
})();
`;
