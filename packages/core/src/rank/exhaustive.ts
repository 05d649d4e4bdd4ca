// The stop rule for a run that must see every endpoint to its end (the `exhaustive` option,
// for `autoconf lint`): the domain's owner needs each published endpoint's verdict, not the
// first best answer, so nothing ever counts as settled. The scheduler then skips no worse
// candidate, gives up on no slow one, and ends when every probe ended or the deadline came.
import type { Policy } from '../types.js';
import type { StopRule } from '../verify/scheduler.js';
import { stopRuleFor } from './stop-rule.js';

/** The same probing order as `rule`, but no confirmed answer ever stops the work. */
export function neverSettling(rule: StopRule): StopRule {
  return {
    ...rule,
    forCandidates(candidates) {
      const keys = rule.forCandidates(candidates);
      return { ...keys, confirmedKey: () => undefined };
    },
    isUnbeatable: () => false,
  };
}

/** The ranking's stop rule for these options. */
export function stopRuleOf(options: { policy: Policy; exhaustive: boolean }): StopRule {
  const rule = stopRuleFor(options.policy);
  return options.exhaustive ? neverSettling(rule) : rule;
}
