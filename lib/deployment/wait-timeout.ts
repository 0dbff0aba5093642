/** How long `terraform apply` waits for a Job by default (the provider's create and update timeouts). */

/** Timeout while waiting for a Job without activeDeadlineSeconds. */
export const DEFAULT_WAIT_TIMEOUT = "30m";
/** Added to activeDeadlineSeconds: time to schedule pods and for the provider to see the end. */
export const DEADLINE_MARGIN_SECONDS = 300;

/** The most whole minutes a Go time.Duration holds (2^63 - 1 ns), as Terraform parses timeouts. */
const MAX_DURATION_MINUTES = 153722867;

/** How long `terraform apply` waits for a Job when no timeout is given. */
export function defaultWaitTimeout(activeDeadlineSeconds: number | undefined): string {
  if (activeDeadlineSeconds === undefined) return DEFAULT_WAIT_TIMEOUT;
  const minutes = Math.ceil((activeDeadlineSeconds + DEADLINE_MARGIN_SECONDS) / 60);
  return `${Math.min(minutes, MAX_DURATION_MINUTES)}m`;
}
