/**
 * One manifest, one Terraform stack (its own state): the kubernetes provider for the manifest's
 * cluster, its state backend, the KubernetesJob construct of the manifest's engine (typed:
 * KubernetesJob; manifest: ManifestEngineJob), and the outputs `namespace`, `job_name` and
 * `service_account_name`.
 *
 * The Job's construct id is its name (its Terraform addresses and construct paths derive from
 * it), and the stack's id is the stack name: any DNS-1123 label. So the stack's own elements
 * take ids that no such label can be (capitalized), and only the outputs, whose ids are their
 * names, move into a scope when the Job has one of their names.
 */
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { App, TerraformOutput, TerraformStack, type StackManifest } from "cdktf";
import { Construct } from "constructs";
import type { StackDeployment } from "../lib/deployment/resolve";
import { KubernetesJob } from "../lib/terraform/kubernetes-job";
import type { ManifestEngineJob } from "../lib/terraform/manifest-engine";
import type { AnyJobManifest } from "../lib/manifest/dialects";
import { literalDeep } from "../lib/terraform/literal";
import { addBackend } from "../lib/terraform/backend";

/**
 * The manifest engine and its provider class (kubernetes_manifest), loaded by the stacks that use
 * it only: loading them is a cost every run of the typed engine would pay for nothing.
 */
function manifestEngine(): typeof import("../lib/terraform/manifest-engine") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("../lib/terraform/manifest-engine") as typeof import("../lib/terraform/manifest-engine");
}

const OUTPUT_NAMES = ["namespace", "job_name", "service_account_name"] as const;

/**
 * constructs keeps a scope's children in a plain object, and cdktf's App manifest its stacks,
 * where Object.prototype already holds "constructor": a child of that id fails as a duplicate,
 * and a stack of that name is found before it is registered. It is a valid Job and stack name,
 * so the App, its manifest and each stack keep theirs in objects without a prototype
 * (constructs 10.8.1 and cdktf 0.21.0, pinned, read them with `[]`, `in` and Object.values,
 * which work the same on those).
 */
function allowAnyChildId<T extends Construct>(scope: T): T {
  const node = scope.node as unknown as { _children?: Record<string, unknown> };
  node._children = withoutPrototype(node._children);
  if (App.isApp(scope)) {
    const manifest = scope.manifest as { stacks: Record<string, StackManifest> };
    manifest.stacks = withoutPrototype(manifest.stacks);
  }
  return scope;
}

function withoutPrototype<T>(entries: Record<string, T> | undefined): Record<string, T> {
  if (entries !== undefined && Object.getPrototypeOf(entries) === null) return entries;
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

export interface KubernetesJobStackProps {
  /** A validated manifest of either dialect, references resolved. */
  readonly manifest: AnyJobManifest;
  /**
   * Cluster, backend, waiting and pull secret (see resolveDeployment).
   * @default - the provider's own discovery, cdktf's local backend, no waiting, no pull secret
   */
  readonly deployment?: Partial<StackDeployment>;
}

export class KubernetesJobStack extends TerraformStack {
  readonly job: KubernetesJob | ManifestEngineJob;

  /** True when the synthesized configuration holds secret values (direct env secrets, a Docker config). */
  get holdsSecrets(): boolean {
    return this.job.envSecret !== undefined || this.job.imagePullSecret !== undefined;
  }

  /**
   * cdktf keys each reference's per-stack identifiers by the stack's string (its path) in a
   * plain object, where "constructor" would find Object's; a prefix keeps every name a key.
   */
  toString(): string {
    return `stack ${this.node.path}`;
  }

  constructor(scope: Construct, id: string, props: KubernetesJobStackProps) {
    super(allowAnyChildId(scope), id);
    allowAnyChildId(this);
    const {
      engine = "typed",
      provider = {},
      backend,
      waitForCompletion,
      timeout,
      dockerConfigJson,
    } = props.deployment ?? {};
    // Without settings the provider finds its cluster itself (KUBE_CONFIG_PATH, KUBE_CTX, ...).
    // Terraform evaluates the provider block's strings as templates: settings are user text,
    // escaped like the manifest's (a backend block is plain text to Terraform: see backend.ts).
    const { exec, ...connection } = literalDeep(provider);
    const kubernetes = new KubernetesProvider(this, "Provider", connection);
    if (exec) {
      // cdktf snake-cases every key of a provider's config, the names of exec's env variables
      // too (AWS_PROFILE would become aws_profile); an override is written as given.
      const { apiVersion, command, args, env } = exec;
      kubernetes.addOverride("exec", [{ api_version: apiVersion, command, args, env }]);
    }
    // cdktf's backends all take the id "backend"; without one, cdktf adds its local backend so.
    addBackend(new Construct(this, "Backend"), backend);
    const { apiVersion, metadata, spec } = props.manifest;
    const parts = { apiVersion, metadata, spec } as AnyJobManifest;
    const jobProps = { ...parts, dockerConfigJson, waitForCompletion, timeout };
    this.job =
      engine === "manifest"
        ? new (manifestEngine().ManifestEngineJob)(this, metadata.name, jobProps)
        : new KubernetesJob(this, metadata.name, jobProps);
    const values = {
      namespace: this.job.namespace,
      job_name: this.job.jobName,
      service_account_name: this.job.serviceAccountName,
    };
    const nested = (OUTPUT_NAMES as readonly string[]).includes(metadata.name);
    const outputs = nested ? new Construct(this, "Outputs") : this;
    for (const name of OUTPUT_NAMES) {
      const output = new TerraformOutput(outputs, name, { value: values[name] });
      if (nested) output.overrideLogicalId(name);
    }
  }
}
