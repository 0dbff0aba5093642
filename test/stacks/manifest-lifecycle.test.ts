/**
 * The manifest engine's Job lifecycle, checked with a real Terraform: the revision resource and
 * the Job's lifecycle block exactly as synthesized, on a terraform_data stand-in for the Job whose
 * input is the Job's `manifest` attribute (the kubernetes provider cannot be downloaded here;
 * terraform_data is built in). The provider itself replaces a kubernetes_manifest only when
 * apiVersion, kind, metadata.name or metadata.namespace change (hashicorp/kubernetes 2.38.0,
 * manifest/provider/plan.go, PlanResourceChange: RequiresReplace); every other change of
 * `manifest` is a server-side apply in place, which the stand-in's in-place update stands for.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/files";
import { manifest } from "../support/manifest";
import { terraformOk } from "../support/terraform-cli";
import { terraformUnavailable } from "../support/terraform";
import { synthStack, type Json } from "../support/terraform-json";

const JOB = "nightly-report";
const REVISION = `${JOB}_revision`;
type Spec = Parameters<typeof manifest>[0];

/** Terraform JSON: the revision resource, and a stand-in Job holding the synthesized manifest. */
function configuration(spec: Spec): { text: string; job: Json } {
  const { json } = synthStack(manifest(spec), undefined, { engine: "manifest" });
  const job = json.resource.kubernetes_manifest[JOB];
  const standIn = { input: job.manifest, lifecycle: job.lifecycle };
  const resources = { [REVISION]: json.resource.terraform_data[REVISION], [JOB]: standIn };
  return { text: JSON.stringify({ resource: { terraform_data: resources } }, null, 2), job };
}

describe("the manifest engine's Job lifecycle (real Terraform)", () => {
  const unavailable = terraformUnavailable();

  test("suspending and resuming, parallelism and the deadline patch the Job in place; a new image replaces it", () => {
    // GIVEN a suspended Job with a deadline, as synthesized
    const suspended = configuration({ suspend: true, activeDeadlineSeconds: 600 });
    expect(suspended.job.manifest.spec.suspend).toBe(true);
    expect(suspended.job.lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${REVISION}`] });
    if (unavailable) {
      console.log(`Only the synthesized lifecycle was checked; the Terraform run is left out: ${unavailable}`);
      return;
    }

    // WHEN Terraform has applied it
    const dir = tempDir("kubernetes-job-manifest-lifecycle-");
    const write = (spec: Spec) => writeFileSync(join(dir, "main.tf.json"), configuration(spec).text);
    const plan = () => terraformOk(dir, ["plan", "-input=false", "-no-color"]);
    const apply = () => terraformOk(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    const inPlace = (text: string) => {
      expect(text).toContain(`terraform_data.${JOB} will be updated in-place`);
      expect(text).not.toContain("will be replaced");
    };
    write({ suspend: true, activeDeadlineSeconds: 600 });
    terraformOk(dir, ["init", "-input=false", "-no-color"]);
    apply();
    expect(plan()).toContain("No changes.");

    // THEN resuming it is an update in place, and so is suspending it again
    write({ activeDeadlineSeconds: 600 });
    inPlace(plan());
    apply();
    write({ suspend: true, activeDeadlineSeconds: 600 });
    inPlace(plan());

    // AND so are a new parallelism, a new deadline and removing the deadline (server-side apply
    // removes a field the stack no longer sends; there is no deadline trigger on this engine)
    write({ suspend: true, activeDeadlineSeconds: 600, parallelism: 3 });
    inPlace(plan());
    write({ suspend: true, activeDeadlineSeconds: 900 });
    inPlace(plan());
    write({ suspend: true });
    inPlace(plan());

    // AND a run-defining change replaces the Job
    write({ suspend: true, activeDeadlineSeconds: 600, image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.3" } });
    expect(plan()).toContain(`# terraform_data.${JOB} will be replaced due to changes in replace_triggered_by`);
  });
});
