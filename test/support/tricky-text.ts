/**
 * Text that Terraform or cdktf would rewrite if it reached them unescaped: template
 * interpolations and directives, cdktf's token markers, and text that is already escaped.
 */
export const TRICKY_TEXTS: readonly string[] = [
  "${HOME}",
  'echo "${NAME:-world}" and ${OTHER}',
  "%{ if true }yes%{ endif }",
  "${TfToken[TOKEN.1]}",
  "#{TfToken[TOKEN.2]}",
  "&{TfToken[TOKEN.3]}",
  "before ${TfToken[TOKEN.4]} between #{TfToken[TOKEN.5]} and &{TfToken[TOKEN.6]} after",
  "$${already-escaped}",
  "%%{already-escaped}",
  "$$${x}",
  "${",
  "%{",
  "$",
  "%",
  "price: $5, 100%",
  "#{not-a-token} &{not-a-token}",
  '${"$"}{TfToken[TOKEN.7]}',
  "${jsonencode({a = 1})}",
  'tab\tnewline\n"quotes" \\backslash é ✓',
];
