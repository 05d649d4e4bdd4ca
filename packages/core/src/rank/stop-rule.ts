// The ranking's keys, handed to the scheduler as its stop rule: it probes the best candidates
// first and stops once nothing still open could beat what is confirmed. The same keys then
// rank the answer, so the scheduler never stops on an endpoint the ranking would not pick.
import type { Policy } from '../types.js';
import type { StopRule } from '../verify/scheduler.js';
import { assess, compareKeys, isUnbeatable, optimisticKey, publishedHosts, securityEvidence } from './assess.js';

export function stopRuleFor(policy: Policy): StopRule {
  return {
    forCandidates(candidates) {
      const published = publishedHosts(candidates);
      const evidence = securityEvidence(candidates);
      return {
        optimisticKey: (candidate) => optimisticKey(candidate, policy, published),
        confirmedKey(candidate, result) {
          const assessment = assess(candidate, [result], policy, published, evidence);
          return assessment.verdict === 'confirmed' ? assessment.key : undefined;
        },
        // A STARTTLS endpoint a source other than a guess stated: if it lost its STARTTLS,
        // that is a downgrade every other client of the domain meets, so it is seen even
        // when an implicit-TLS port wins here.
        mustObserve: (candidate) => candidate.provenance.some((p) => p.source !== 'guess' && p.security === 'starttls'),
      };
    },
    compareKeys,
    isUnbeatable,
  };
}
