/**
 * The Job's lifecycle, checked with a real Terraform: the revision resource and the lifecycle
 * block exactly as the construct synthesizes them, on a terraform_data stand-in for the Job
 * (the kubernetes provider cannot be downloaded here; terraform_data is built in). The
 * stand-in has no `spec` attribute, so its input carries one and the ignored paths are looked
 * up under `input`; replace_triggered_by is used as synthesized.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/files";
import { manifest } from "../support/manifest";
import { terraformOk } from "../support/terraform-cli";
import { jobOf, synthStack, type Json } from "../support/terraform-json";
import { terraformUnavailable } from "../support/terraform";

const JOB = "nightly-report";
const REVISION = `${JOB}_revision`;

/** The synthesized lifecycle of the Job and the revision resource of a manifest. */
function synthesized(spec: Parameters<typeof manifest>[0] = {}) {
  const { json } = synthStack(manifest(spec));
  return { lifecycle: jobOf(json).lifecycle, revision: json.resource.terraform_data[REVISION] as Json };
}

/** Terraform JSON: the revision resource, and a stand-in Job whose input mimics the Job's spec. */
function configuration(
  synth: ReturnType<typeof synthesized>,
  jobSpec: { template: string; ttl_seconds_after_finished: string; parallelism: number },
): string {
  const standIn = {
    input: { spec: [jobSpec] },
    lifecycle: {
      ignore_changes: synth.lifecycle.ignore_changes.map((path: string) => `input.${path}`),
      replace_triggered_by: synth.lifecycle.replace_triggered_by,
    },
  };
  return JSON.stringify({ resource: { terraform_data: { [REVISION]: synth.revision, [JOB]: standIn } } }, null, 2);
}

describe("re-running the Job through replace_triggered_by", () => {
  test("replaces the Job when its revision changes, and ignores edits to the template and the TTL", () => {
    // GIVEN the lifecycle and revision of a manifest, and of the same manifest with a new image
    const first = synthesized();
    const newImage = synthesized({ image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.3" } });
    expect(first.lifecycle).toEqual({
      ignore_changes: ["spec[0].template", "spec[0].ttl_seconds_after_finished"],
      replace_triggered_by: [`terraform_data.${REVISION}`],
    });
    expect(first.revision).toEqual({ input: { revision: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(newImage.revision.input.revision).not.toBe(first.revision.input.revision);

    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`Only the JSON shape was checked; the Terraform run is left out: ${unavailable}`);
      return;
    }

    // WHEN Terraform has applied the first revision
    const dir = tempDir("kubernetes-job-lifecycle-");
    const write = (synth: ReturnType<typeof synthesized>, template: string, ttl: string, parallelism = 1) =>
      writeFileSync(
        join(dir, "main.tf.json"),
        configuration(synth, { template, ttl_seconds_after_finished: ttl, parallelism }),
      );
    const plan = () => terraformOk(dir, ["plan", "-input=false", "-no-color"]);
    write(first, "template-v1", "3600");
    terraformOk(dir, ["init", "-input=false", "-no-color"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);

    // THEN editing only the ignored attributes plans nothing
    write(first, "template-v2", "60");
    expect(plan()).toContain("No changes.");

    // AND an attribute that is not ignored would be updated in place (the check above can fail)
    write(first, "template-v1", "3600", 2);
    expect(plan()).toContain(`terraform_data.${JOB} will be updated in-place`);

    // AND a new revision replaces the Job
    write(newImage, "template-v1", "3600");
    expect(plan()).toContain(`# terraform_data.${JOB} will be replaced due to changes in replace_triggered_by`);
  });
});

/**
 * A stand-in Job whose input is the synthesized Job's spec without its template (the attributes
 * the provider patches in place are there, as synthesized), and the revision resource.
 */
function specConfiguration(spec: Parameters<typeof manifest>[0]): string {
  const { json } = synthStack(manifest(spec));
  const job = jobOf(json);
  const { template, ...patchable } = job.spec;
  void template;
  const standIn = {
    input: { spec: [patchable] },
    lifecycle: {
      ignore_changes: job.lifecycle.ignore_changes.map((path: string) => `input.${path}`),
      replace_triggered_by: job.lifecycle.replace_triggered_by,
    },
  };
  const revision = json.resource.terraform_data[REVISION];
  return JSON.stringify({ resource: { terraform_data: { [REVISION]: revision, [JOB]: standIn } } }, null, 2);
}

describe("activeDeadlineSeconds", () => {
  // The provider patches a changed deadline in place (patchJobV1Spec), and reads a removed one as
  // 0, which it sends: Kubernetes then fails the running Job with DeadlineExceeded.
  const revisionOf = (spec: Parameters<typeof manifest>[0]) =>
    synthStack(manifest(spec)).json.resource.terraform_data[REVISION].input.revision as string;

  test("setting or removing it changes the revision; changing its value does not", () => {
    expect(revisionOf({ activeDeadlineSeconds: 600 })).not.toBe(revisionOf({}));
    expect(revisionOf({ activeDeadlineSeconds: 600 })).toBe(revisionOf({ activeDeadlineSeconds: 900 }));
    // 0 means unset in the manifest
    expect(revisionOf({ activeDeadlineSeconds: 0 })).toBe(revisionOf({}));
  });

  test("removing it replaces the Job, and changing its value updates the Job in place (real Terraform)", () => {
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`Only the revisions are compared; the Terraform run is left out: ${unavailable}`);
      expect(revisionOf({ activeDeadlineSeconds: 600 })).not.toBe(revisionOf({}));
      return;
    }
    // GIVEN a Job with a deadline, applied
    const dir = tempDir("kubernetes-job-deadline-");
    const write = (spec: Parameters<typeof manifest>[0]) =>
      writeFileSync(join(dir, "main.tf.json"), specConfiguration(spec));
    const plan = () => terraformOk(dir, ["plan", "-input=false", "-no-color"]);
    write({ activeDeadlineSeconds: 600 });
    terraformOk(dir, ["init", "-input=false", "-no-color"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);

    // THEN a new value is an update in place
    write({ activeDeadlineSeconds: 900 });
    const longer = plan();
    expect(longer).toContain(`terraform_data.${JOB} will be updated in-place`);
    expect(longer).not.toContain("will be replaced");

    // AND removing the deadline replaces the Job, so no patch sends activeDeadlineSeconds 0
    write({});
    expect(plan()).toContain(`# terraform_data.${JOB} will be replaced due to changes in replace_triggered_by`);

    // AND so does setting one on a Job that had none
    write({});
    terraformOk(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    write({ activeDeadlineSeconds: 600 });
    expect(plan()).toContain(`# terraform_data.${JOB} will be replaced due to changes in replace_triggered_by`);
  });
});
