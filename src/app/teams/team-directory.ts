import type { Logger } from '../../logger.js';
import type { SyncStateStore } from '../../ports/store.js';
import type { TeamNameSource, TeamNames } from '../../ports/team-names.js';
import type { Clock } from '../../ports/clock.js';

/** Where the last names read from Zendesk are kept, so a restart names teams before Zendesk answers. */
export const TEAM_NAMES_STATE_KEY = 'zendesk.team_names';

export interface TeamDirectory {
  /** The names in force: Zendesk's, with the config's `alerts.teamNames` on top. */
  names(): TeamNames;
  /** Reads the names cached by an earlier process. */
  load(): Promise<void>;
  /** Reads Zendesk's names now; on failure the names already known stay in force. */
  refresh(): Promise<void>;
  /** Refreshes now and then every `everyMs`; returns the stop function. */
  schedule(everyMs: number): () => void;
}

export interface TeamDirectoryDeps {
  /** Null while the Zendesk API is off: only the configured names are known. */
  source: TeamNameSource | null;
  state: SyncStateStore;
  clock: Clock;
  logger: Logger;
  /** The config's names; they win over Zendesk's (a team may be known by another name internally). */
  overrides: TeamNames;
}

interface CachedNames {
  names: Record<string, string>;
  readAt: string;
}

function isCachedNames(value: unknown): value is CachedNames {
  if (typeof value !== 'object' || value === null) return false;
  const names = (value as { names?: unknown }).names;
  return typeof names === 'object' && names !== null && Object.values(names).every((name) => typeof name === 'string');
}

export function createTeamDirectory(deps: TeamDirectoryDeps): TeamDirectory {
  let merged: TeamNames = { ...deps.overrides };
  const adopt = (fromZendesk: TeamNames) => {
    merged = { ...fromZendesk, ...deps.overrides };
  };

  const refresh = async () => {
    if (!deps.source) return;
    try {
      const names = await deps.source.listTeamNames();
      adopt(names);
      await deps.state.set(TEAM_NAMES_STATE_KEY, { names, readAt: deps.clock.now().toISOString() }, deps.clock.now());
      deps.logger.info({ teams: Object.keys(names).length }, 'team names read from Zendesk groups');
    } catch (error) {
      deps.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'could not read team names from Zendesk; keeping the names already known',
      );
    }
  };

  return {
    names: () => merged,
    async load() {
      const cached = await deps.state.get<unknown>(TEAM_NAMES_STATE_KEY);
      if (isCachedNames(cached)) adopt(cached.names);
    },
    refresh,
    schedule(everyMs) {
      void refresh();
      const timer = setInterval(() => void refresh(), everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
