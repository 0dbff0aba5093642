/**
 * How long the provider may wait to delete the Job. Replacing a Job (a new revision, a tainted
 * Job, `-replace`) deletes the old one first, and the provider's delete waits until the API
 * server no longer has it (hashicorp/kubernetes 2.38.0, resource_kubernetes_job_v1.go:
 * resourceKubernetesJobV1Delete polls the Job until it is NotFound, for the delete timeout,
 * whose default is 1 minute). It deletes with foreground propagation (the package's
 * deleteOptions), so the Job stays until the garbage collector has deleted every pod it owns,
 * and a running pod goes only once its containers have stopped: up to its grace period after
 * SIGTERM. A delete that times out fails the apply, leaving the old Job half deleted and the new
 * one not created.
 */
import type { IJob } from "kubernetes-models/batch/v1/Job";
import { defaultWaitTimeout } from "../deployment/wait-timeout";
import { literal } from "./literal";

/** Kubernetes' default pod terminationGracePeriodSeconds (core/v1 DefaultTerminationGracePeriodSeconds). */
const DEFAULT_GRACE_SECONDS = 30;
/** The provider's own default: room for the API server and the garbage collector to start. */
const BASE_SECONDS = 60;
/**
 * Per pod: the garbage collector deletes pods one API request each, through kube-controller-
 * manager's client (20 requests a second by default, shared with every other controller), so a
 * second a pod leaves a wide margin for a busy cluster.
 */
const SECONDS_PER_POD = 1;

/**
 * The delete timeout of a Job, as a duration ("4m"): a minute, plus the pods' grace period (the
 * running pods stop together), plus a second for each pod the Job may hold when it is deleted.
 * A Job keeps its finished pods: up to `completions` succeeded (or `parallelism` for a Job
 * without completions) and `backoffLimit + 1` failed ones, and runs up to `parallelism` more.
 * Rounded up to whole minutes.
 */
export function deleteTimeout(job: IJob): string {
  const spec = job.spec;
  const parallelism = spec?.parallelism ?? 1;
  const succeeded = spec?.completions ?? parallelism;
  const failed = (spec?.backoffLimit ?? 6) + 1;
  const grace = spec?.template.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const seconds = BASE_SECONDS + grace + SECONDS_PER_POD * (succeeded + failed + parallelism);
  return `${Math.ceil(seconds / 60)}m`;
}

/**
 * Whether `terraform apply` waits for the Job, on either engine, and the create and update
 * timeout that bounds the wait (escaped: it may come from a label). A suspended Job starts no pods,
 * so it is never waited for.
 */
export function waitSettings(
  spec: { readonly suspend?: boolean; readonly activeDeadlineSeconds?: number },
  props: { readonly waitForCompletion?: boolean; readonly timeout?: string },
): { readonly wait: boolean; readonly timeout: string } {
  return {
    wait: (props.waitForCompletion ?? false) && !spec.suspend,
    timeout: literal(props.timeout ?? defaultWaitTimeout(spec.activeDeadlineSeconds)),
  };
}
