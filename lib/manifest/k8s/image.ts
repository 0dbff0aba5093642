/**
 * Container image references (the grammar of github.com/distribution/reference), so that a
 * typo is reported at synth time instead of as InvalidImageName on a pod.
 */

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

const REPOSITORY = new RegExp(`^${NAME}$`);
const REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);
const TAG_ONLY = new RegExp(`^${TAG}$`);
const DIGEST_ONLY = new RegExp(`^${DIGEST}$`);
const NAME_MAX = 255;

/** `repo:tag`, `repo` alone when the tag is empty, `repo@sha256:...` when the tag is a digest. */
export function imageReference(repo: string, tag: string | undefined): string {
  if (!tag) return repo;
  return DIGEST_ONLY.test(tag) ? `${repo}@${tag}` : `${repo}:${tag}`;
}

export function imageRepoProblem(repo: string, hasTag: boolean): string | undefined {
  const name = repo.split(/[:@]/, 1)[0];
  if (name.length > NAME_MAX) return `must be at most ${NAME_MAX} characters`;
  if (hasTag ? REPOSITORY.test(repo) : REFERENCE.test(repo)) return undefined;
  if (hasTag && REFERENCE.test(repo)) {
    return "already carries a tag or digest; with image.tag set, give the repository alone";
  }
  return "is not a valid image repository: lowercase path components separated by '/', '.', '_' or '-', optionally after a registry host (e.g. ghcr.io/acme/report-runner)";
}

export function imageTagProblem(tag: string): string | undefined {
  if (TAG_ONLY.test(tag) || DIGEST_ONLY.test(tag)) return undefined;
  return "is not a valid image tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-') or digest (sha256:<64 hex digits>)";
}
