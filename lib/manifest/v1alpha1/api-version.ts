/**
 * The apiVersion of the current Planton API, alone in its module: lib/manifest/parse.ts tells the
 * dialects apart with it without loading the v1alpha1 schemas (a first-dialect run never does).
 */
export const PLANTON_API_VERSION = "kubernetes.planton.dev/v1alpha1";
