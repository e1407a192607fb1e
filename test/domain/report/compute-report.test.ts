import { describe, expect, it } from 'vitest';
import { computeReport, type ReportOptions } from '../../../src/domain/report/compute-report.js';
import { driverLines } from '../../../src/domain/report/report-case.js';
import { ces, NO_DRIVERS, reportCase } from '../../support/report-cases.js';

const options: ReportOptions = {
  since: new Date('2026-11-23T00:00:00Z'),
  until: new Date('2026-11-30T00:00:00Z'),
  teamNames: { '1': 'Billing' },
  worstCount: 2,
  costs: { unavailable: 'no model' },
  ticketUrl: (id) => `https://acme.zendesk.com/agent/tickets/${id}`,
};

describe('computeReport', () => {
  it('headline: cases, answers of sent surveys, CES average, share easy, effort index', () => {
    const cases = [
      reportCase(1, { survey: ces(7), effortIndex: 0 }),
      reportCase(2, { survey: ces(4), effortIndex: 20 }),
      reportCase(3, { survey: ces(null), effortIndex: 40, effortLevel: 'medium' }),
      reportCase(4, { survey: ces(2), effortIndex: 80, effortLevel: 'high' }),
      reportCase(5, { survey: { kind: 'NPS', sent: true, score: 9, verbatim: null } }),
    ];
    const { headline } = computeReport(cases, options);
    expect(headline).toEqual({
      cases: 5,
      surveysSent: 4,
      answers: 3,
      responseRate: 0.75,
      cesAverage: 4.33,
      shareEasy: 0.333,
      effortIndexAverage: 30,
      highEffortShare: 0.2,
    });
  });

  it('an empty period has no averages rather than zeros', () => {
    const figures = computeReport([], options);
    expect(figures.headline).toMatchObject({ cases: 0, answers: 0, cesAverage: null, effortIndexAverage: null });
    expect(figures.drivers.every((d) => d.share === null && d.casesWith === 0)).toBe(true);
    expect(figures.worstTeams).toEqual([]);
  });

  it('drivers: share of cases with each, and the cost from the model or why there is none', () => {
    const handedOver = { ...NO_DRIVERS, teamHandoffs: 2, firstContactResolution: false };
    const cases = [reportCase(1, { drivers: handedOver }), reportCase(2), reportCase(3), reportCase(4)];
    const withoutModel = computeReport(cases, options);
    const teamHandoffs = withoutModel.drivers.find((d) => d.driver === 'teamHandoffs');
    expect(teamHandoffs).toMatchObject({ casesWith: 1, share: 0.25, cesCost: null });
    expect(withoutModel.costNote).toBe('no model');
    const cost = { unit: 'each team handoff', perUnit: -0.6, low: -0.8, high: -0.4, n: 1240 };
    const withModel = computeReport(cases, { ...options, costs: { basis: 'fitted', costs: { teamHandoffs: cost } } });
    expect(withModel.drivers.find((d) => d.driver === 'teamHandoffs')?.cesCost).toEqual(cost);
    expect(withModel.costNote).toBe('fitted');
  });

  it('worst teams by average effort with their names; worst cases with drivers, answer and link', () => {
    const cases = [
      reportCase(1, { groupId: 1, effortIndex: 50, survey: ces(2, 'three transfers!') }),
      reportCase(2, { groupId: 1, effortIndex: 30 }),
      reportCase(3, { groupId: 2, effortIndex: 60, drivers: { ...NO_DRIVERS, teamHandoffs: 2 } }),
      reportCase(4, { groupId: null, effortIndex: 5 }),
    ];
    const figures = computeReport(cases, options);
    expect(figures.worstTeams.map((t) => [t.team, t.effortIndexAverage, t.cases])).toEqual([
      ['Group 2', 60, 1],
      ['Billing', 40, 2],
    ]);
    expect(figures.worstTeams[1]).toMatchObject({ answers: 1, cesAverage: 2 });
    expect(figures.worstCases.map((c) => c.ticketId)).toEqual([3, 1]);
    expect(figures.worstCases[0]).toMatchObject({
      team: 'Group 2',
      lines: ['passed between 3 teams'],
      url: 'https://acme.zendesk.com/agent/tickets/3',
    });
    expect(figures.worstCases[1]).toMatchObject({ cesScore: 2, verbatim: 'three transfers!' });
  });
});

describe('driverLines', () => {
  it('says in one line each what made the case hard', () => {
    expect(
      driverLines({
        channelSwitches: 1,
        teamHandoffs: 1,
        agentHandoffs: 2,
        reopens: 2,
        customerContacts: 4,
        repeatContact: true,
        firstContactResolution: false,
        resolutionMinutes: 50 * 60,
        customerWaitMinutes: 0,
      }),
    ).toEqual([
      'switched channel 1 time',
      'passed between 2 teams',
      'passed between 3 agents',
      'reopened 2 times',
      'contacted us again about the same issue',
      'needed 4 contacts',
      'took 50 h to solve',
    ]);
    expect(driverLines(NO_DRIVERS)).toEqual([]);
  });
});
