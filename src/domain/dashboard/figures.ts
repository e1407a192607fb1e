import { type EffortSums, SURVEY_CHANNELS, sentAndAnswered, totalSentAndAnswered } from './effort-sums.js';
import { type Estimate, meanInterval, npsInterval, wilsonInterval } from './intervals.js';

/** How often each driver happened, per case (counts) or as a share of cases (yes/no drivers). */
export interface DriverRates {
  channelSwitches: number | null;
  teamHandoffs: number | null;
  agentHandoffs: number | null;
  reopens: number | null;
  repeatContactShare: number | null;
  firstContactResolutionShare: number | null;
  resolutionHours: number | null;
}

/** The headline figures of any set of cases (a day, a week, the whole period, one team). */
export interface PeriodFigures {
  cases: number;
  surveysSent: number;
  answers: number;
  /** CES answers (1-7), their mean and 95% interval. */
  ces: Estimate | null;
  /** Share of CES answers that are easy (5-7), Wilson 95% interval. */
  easyShare: Estimate | null;
  /** Answered surveys over sent surveys. */
  responseRate: Estimate | null;
  effortIndex: number | null;
  /** Share of CSAT answers that are 4-5; null when CSAT is not asked. */
  csat: Estimate | null;
  /** Net Promoter Score; null when NPS is not asked. */
  nps: Estimate | null;
  drivers: DriverRates;
}

const perCase = (total: number, cases: number) => (cases > 0 ? total / cases : null);

export function driverRates(sums: EffortSums): DriverRates {
  return {
    channelSwitches: perCase(sums.channelSwitches, sums.cases),
    teamHandoffs: perCase(sums.teamHandoffs, sums.cases),
    agentHandoffs: perCase(sums.agentHandoffs, sums.cases),
    reopens: perCase(sums.reopens, sums.cases),
    repeatContactShare: perCase(sums.repeatContacts, sums.cases),
    firstContactResolutionShare: perCase(sums.firstContactResolutions, sums.cases),
    resolutionHours: sums.resolved > 0 ? sums.resolutionMinutes / sums.resolved / 60 : null,
  };
}

export function figuresOf(sums: EffortSums): PeriodFigures {
  const { sent, answered } = totalSentAndAnswered(sums);
  return {
    cases: sums.cases,
    surveysSent: sent,
    answers: answered,
    ces: meanInterval(sums.cesN, sums.cesSum, sums.cesSumSquares),
    easyShare: wilsonInterval(sums.cesEasy, sums.cesN),
    responseRate: wilsonInterval(answered, sent),
    effortIndex: perCase(sums.indexSum, sums.cases),
    csat: wilsonInterval(sums.csatSatisfied, sums.csatN),
    nps: npsInterval(sums.npsPromoters, sums.npsDetractors, sums.npsN),
    drivers: driverRates(sums),
  };
}

/** Response rate per survey channel, only for channels that sent something. */
export function responseRateByChannel(
  sums: EffortSums,
): Array<{ channel: string; sent: number; answered: number; rate: Estimate | null }> {
  return SURVEY_CHANNELS.map((channel) => {
    const { sent, answered } = sentAndAnswered(sums, channel);
    return { channel, sent, answered, rate: wilsonInterval(answered, sent) };
  }).filter((row) => row.sent > 0);
}
