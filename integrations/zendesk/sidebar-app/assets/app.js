/*
 * The Effortless panel in the ticket sidebar. It asks the Effortless service for the ticket's
 * effort through Zendesk's proxy: `secure: true` makes Zendesk put the app's secure `token`
 * setting into the `{{setting.token}}` placeholder on its own servers, so the token never
 * reaches the agent's browser. It reads again when the ticket changes (ticket.updated,
 * ticket.status.changed, ticket.submit.done) and once more a few seconds later, when the
 * service has synced the change its webhook reported.
 */
(() => {
  const SYNC_DELAY_MS = 5000;
  const client = window.ZAFClient.init();
  let strings = window.EFFORTLESS_STRINGS.en;
  const main = document.getElementById('effort');
  let followUp = null;
  let generation = 0;

  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, (_, key) =>
      values && values[key] !== undefined ? String(values[key]) : '',
    );
  }

  function counted(forms, n) {
    return fill(n === 1 ? forms[0] : forms[1], { n: n });
  }

  function duration(minutes) {
    const h = Math.floor(minutes / 60);
    const m = Math.round(minutes % 60);
    if (h === 0) return fill(strings.minutes, { m: m });
    return m === 0 ? fill(strings.hours, { h: h }) : fill(strings.hoursMinutes, { h: h, m: m });
  }

  /** One line per driver the ticket has, in the agent's language. */
  function driverLines(d, open) {
    const lines = [];
    if (d.channelSwitches > 0) lines.push(counted(strings.channelSwitches, d.channelSwitches));
    if (d.teamHandoffs > 0) lines.push(fill(strings.teamHandoffs, { teams: d.teamHandoffs + 1 }));
    if (d.agentHandoffs > 0) lines.push(fill(strings.agentHandoffs, { agents: d.agentHandoffs + 1 }));
    if (d.reopens > 0) lines.push(counted(strings.reopens, d.reopens));
    if (d.customerContacts > 1) lines.push(fill(strings.customerContacts, { n: d.customerContacts }));
    if (d.repeatContact) lines.push(strings.repeatContact);
    if (!open && !d.firstContactResolution) lines.push(strings.notFirstContact);
    if (d.customerWaitMinutes > 0)
      lines.push(fill(strings.customerWait, { duration: duration(d.customerWaitMinutes) }));
    if (d.resolutionMinutes !== null && d.resolutionMinutes !== undefined)
      lines.push(fill(strings.resolution, { duration: duration(d.resolutionMinutes) }));
    return lines;
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text; // never innerHTML: the data holds customers' words
    if (className) node.className = className;
    return node;
  }

  function show(nodes) {
    main.replaceChildren.apply(main, nodes);
    main.setAttribute('aria-busy', 'false');
    client.invoke('resize', { width: '100%', height: `${Math.max(80, document.body.scrollHeight)}px` });
  }

  function message(text, className) {
    const p = el('p', text, className || 'muted');
    p.setAttribute('data-role', 'status');
    show([p]);
  }

  function surveyNodes(survey) {
    const nodes = [el('h2', strings.survey)];
    if (!survey) return nodes.concat([el('p', strings.noSurvey, 'muted')]);
    const status = fill(strings.status[survey.status] || survey.status, { reason: survey.skipReason || '' });
    const channel = strings.channel[survey.channel] || strings.channel.none;
    const line = el('p', fill(strings.surveyLine, { kind: survey.kind, channel: channel, status: status }));
    line.setAttribute('data-role', 'survey');
    nodes.push(line);
    if (survey.score !== null && survey.score !== undefined) {
      const score = el('p', fill(strings.score, { score: survey.score, max: survey.scaleMax || 7 }), 'score');
      score.setAttribute('data-role', 'score');
      nodes.push(score);
    }
    if (survey.verbatim) nodes.push(el('blockquote', survey.verbatim));
    return nodes;
  }

  function render(effort) {
    const headline = el('p', undefined, 'headline');
    const index = el('span', String(effort.effortIndex), 'index');
    index.setAttribute('data-role', 'index');
    index.setAttribute('aria-label', `${strings.index} ${effort.effortIndex}`);
    headline.append(
      index,
      el('span', strings.level[effort.effortLevel] || effort.effortLevel, `level level-${effort.effortLevel}`),
    );
    let nodes = [el('h2', strings.title), headline];
    if (effort.open) nodes.push(el('p', strings.live, 'live'));
    nodes.push(el('h2', strings.drivers));
    const lines = driverLines(effort.drivers, effort.open);
    if (lines.length === 0) nodes.push(el('p', strings.noDrivers, 'muted'));
    else {
      const list = el('ul');
      list.setAttribute('data-role', 'drivers');
      lines.forEach((line) => {
        list.append(el('li', line));
      });
      nodes.push(list);
    }
    nodes = nodes.concat(surveyNodes(effort.survey));
    const when = new Date(effort.syncedAt || effort.computedAt);
    nodes.push(el('p', fill(strings.updated, { time: when.toLocaleString() }), 'muted'));
    show(nodes);
  }

  function load() {
    const mine = ++generation; // an older answer arriving late must not overwrite a newer one
    return Promise.all([client.get('ticket.id'), client.metadata()])
      .then((got) => {
        const ticketId = got[0]['ticket.id'];
        const base = String(got[1].settings.serviceUrl || '').replace(/\/+$/, '');
        return client.request({
          url: `${base}/api/tickets/${encodeURIComponent(ticketId)}/effort`,
          type: 'GET',
          dataType: 'json',
          headers: { Authorization: 'Bearer {{setting.token}}' },
          secure: true,
          cors: false,
        });
      })
      .then((effort) => {
        if (mine === generation) render(typeof effort === 'string' ? JSON.parse(effort) : effort);
      })
      .catch((error) => {
        if (mine !== generation) return;
        const status = error?.status;
        if (status === 404) message(strings.notComputed);
        else if (status === 401 || status === 403) message(strings.unauthorized, 'error');
        else message(strings.failed, 'error');
      });
  }

  function onTicketChanged() {
    load();
    clearTimeout(followUp);
    followUp = setTimeout(load, SYNC_DELAY_MS);
  }

  client
    .get('currentUser.locale')
    .then((got) => {
      const language = String(got['currentUser.locale'] || 'en')
        .toLowerCase()
        .split('-')[0];
      strings = window.EFFORTLESS_STRINGS[language] || window.EFFORTLESS_STRINGS.en;
      document.documentElement.lang = window.EFFORTLESS_STRINGS[language] ? language : 'en';
    })
    .catch(() => {})
    .then(() => {
      message(strings.loading);
      client.on('ticket.updated', onTicketChanged);
      client.on('ticket.status.changed', onTicketChanged);
      client.on('ticket.submit.done', onTicketChanged);
      client.on('app.activated', load);
      return load();
    });
})();
