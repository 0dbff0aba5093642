/**
 * The Job's lifecycle, checked with a real Terraform: the revision resource and the lifecycle
 * block exactly as the construct synthesizes them, on a terraform_data stand-in for the Job
 * (the kubernetes provider cannot be downloaded here; terraform_data is built in). The
 * stand-in has no `spec` attribute, so its input carries one and the ignored paths are looked
 * up under `input`; replace_triggered_by is used as synthesized.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { tempDir } from "../support/files";
import { manifest } from "../support/manifest";
import { terraformOk } from "../support/terraform-cli";
import { jobOf, synthStack, type Json } from "../support/terraform-json";
import { terraformUnavailable } from "../support/terraform";
import { EXAMPLES } from "../support/paths";

const JOB = "nightly-report";
const REVISION = `${JOB}_revision`;
const DEADLINE = `${JOB}_deadline`;

/** The synthesized lifecycle of the Job and the revision resource of a manifest. */
function synthesized(spec: Parameters<typeof manifest>[0] = {}) {
  const { json } = synthStack(manifest(spec));
  return {
    lifecycle: jobOf(json).lifecycle,
    revision: json.resource.terraform_data[REVISION] as Json,
    deadline: json.resource.terraform_data[DEADLINE] as Json,
  };
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
  const triggers = { [REVISION]: synth.revision, [DEADLINE]: synth.deadline };
  return JSON.stringify({ resource: { terraform_data: { ...triggers, [JOB]: standIn } } }, null, 2);
}

describe("re-running the Job through replace_triggered_by", () => {
  test("replaces the Job when its revision changes, and ignores edits to the template and the TTL", () => {
    // GIVEN the lifecycle and revision of a manifest, and of the same manifest with a new image
    const first = synthesized();
    const newImage = synthesized({ image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.3" } });
    expect(first.lifecycle).toEqual({
      // Without a deadline, removing one is never patched (as 0): see the deadline tests.
      ignore_changes: ["spec[0].template", "spec[0].ttl_seconds_after_finished", "spec[0].active_deadline_seconds"],
      replace_triggered_by: [`terraform_data.${REVISION}`, `terraform_data.${DEADLINE}`],
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
  // The provider's schema has every attribute: one the configuration leaves out is null, as here.
  const standIn = {
    input: { spec: [{ active_deadline_seconds: null, ...patchable }] },
    lifecycle: {
      ignore_changes: job.lifecycle.ignore_changes.map((path: string) => `input.${path}`),
      replace_triggered_by: job.lifecycle.replace_triggered_by,
    },
  };
  const { [REVISION]: revision, [DEADLINE]: deadline } = json.resource.terraform_data;
  return JSON.stringify(
    { resource: { terraform_data: { [REVISION]: revision, [DEADLINE]: deadline, [JOB]: standIn } } },
    null,
    2,
  );
}

describe("activeDeadlineSeconds", () => {
  // The provider patches a changed deadline in place (patchJobV1Spec), and reads a removed one as
  // 0, which it sends: Kubernetes then fails the running Job with DeadlineExceeded.
  const triggersOf = (spec: Parameters<typeof manifest>[0]) => {
    const data = synthStack(manifest(spec)).json.resource.terraform_data;
    return { revision: data[REVISION].input.revision as string, deadline: data[DEADLINE].input.deadline as string };
  };

  test("setting or removing it changes the deadline trigger, not the revision; changing its value changes neither", () => {
    expect(triggersOf({ activeDeadlineSeconds: 600 })).toEqual({ revision: triggersOf({}).revision, deadline: "set" });
    expect(triggersOf({})).toEqual({ revision: triggersOf({}).revision, deadline: "unset" });
    expect(triggersOf({ activeDeadlineSeconds: 600 })).toEqual(triggersOf({ activeDeadlineSeconds: 900 }));
    // 0 means unset in the manifest
    expect(triggersOf({ activeDeadlineSeconds: 0 })).toEqual(triggersOf({}));
  });

  test("removing it replaces the Job, and changing its value updates the Job in place (real Terraform)", () => {
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`Only the triggers are compared; the Terraform run is left out: ${unavailable}`);
      expect(triggersOf({ activeDeadlineSeconds: 600 })).not.toEqual(triggersOf({}));
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

describe("upgrading kubernetes-job", () => {
  // What version 0.1.0 (commit 5b4e6a2) wrote as each example's revision. A different revision
  // would replace, and so run again, every Job deployed with it.
  const EARLIER_REVISIONS = {
    "hello-world": "933c4f70e360ca9f9dab05eebdfc26e0b488d754081b64cd3efae12c3de5f55a",
    "monthly-report": "71d8081423482a9ce81e531e2f32585b46095c7c742cb3fc29b050ca325a9802",
    "orders-schema-migration-staging": "0e90ed30ef77dd5886917e0ad33d5f1e05fa8d2ee013f249e5f77bf8a3c883dc",
    "thumbnail-fanout": "c62e0f639dcf09c462681833290ac3bf3da2747e3640e295fb04ab4a63060c4f",
  };

  test("keeps the revision of every example that is not Indexed, so no deployed Job runs again", async () => {
    const out = join(tempDir(), "out");
    const run = await runCli(["synth", EXAMPLES, "--out", out, "--quiet"]);
    expect(run.code).toBe(0);
    for (const [stack, revision] of Object.entries(EARLIER_REVISIONS)) {
      const json = JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;
      const data = Object.values(json.resource.terraform_data) as Json[];
      expect([stack, data.map((resource) => resource.input.revision).filter(Boolean)]).toEqual([stack, [revision]]);
    }
  });

  test("a stack written before the deadline trigger existed: applying the new one creates the trigger and keeps the Job (real Terraform)", () => {
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`Only the revisions are compared (above); the Terraform run is left out: ${unavailable}`);
      return;
    }
    // GIVEN the stack as 0.1.0 wrote it: the revision, and the Job triggered by it alone
    const dir = tempDir("kubernetes-job-upgrade-");
    const current = JSON.parse(specConfiguration({ activeDeadlineSeconds: 600 })) as Json;
    const earlier = structuredClone(current);
    delete earlier.resource.terraform_data[DEADLINE];
    earlier.resource.terraform_data[JOB].lifecycle.replace_triggered_by = [`terraform_data.${REVISION}`];
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(earlier));
    terraformOk(dir, ["init", "-input=false", "-no-color"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);

    // WHEN this version's stack is planned
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(current));
    const plan = terraformOk(dir, ["plan", "-input=false", "-no-color"]);

    // THEN only the trigger is created; the Job stays
    expect(plan).toContain(`terraform_data.${DEADLINE} will be created`);
    expect(plan).toContain("Plan: 1 to add, 0 to change, 0 to destroy.");
  });

  test("a deadline removed in the same apply as the upgrade is not patched to 0 on the running Job (real Terraform)", () => {
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`The Terraform run is left out: ${unavailable}`);
      return;
    }
    // GIVEN the stack as 0.1.0 wrote it for a Job with a deadline, applied
    const dir = tempDir("kubernetes-job-upgrade-deadline-");
    const earlier = JSON.parse(specConfiguration({ activeDeadlineSeconds: 600 })) as Json;
    delete earlier.resource.terraform_data[DEADLINE];
    earlier.resource.terraform_data[JOB].lifecycle.replace_triggered_by = [`terraform_data.${REVISION}`];
    earlier.resource.terraform_data[JOB].lifecycle.ignore_changes = [
      "input.spec[0].template",
      "input.spec[0].ttl_seconds_after_finished",
    ];
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(earlier));
    terraformOk(dir, ["init", "-input=false", "-no-color"]);
    terraformOk(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);

    // WHEN this version's stack for the manifest without its deadline is planned
    writeFileSync(join(dir, "main.tf.json"), specConfiguration({}));
    const plan = terraformOk(dir, ["plan", "-input=false", "-no-color"]);

    // THEN the trigger is created (which replaces nothing), and the Job is not updated: no patch
    // sends activeDeadlineSeconds 0; the Job keeps its deadline until it is next replaced
    expect(plan).toContain(`terraform_data.${DEADLINE} will be created`);
    expect(plan).not.toContain(`terraform_data.${JOB} will be updated in-place`);
    expect(plan).toContain("Plan: 1 to add, 0 to change, 0 to destroy.");
  });
});
