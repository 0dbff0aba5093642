/**
 * Text that Terraform or cdktf would rewrite if it reached them unescaped: template
 * interpolations and directives, cdktf's token markers, text that is already escaped (or
 * escaped twice, or a token marker after an escape), `$` and `%` runs before `{`, and a
 * byte order mark at the start (Terraform drops it there).
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
  "$${TfToken[TOKEN.0]}",
  "$$${TfToken[TOKEN.0]}",
  "$$#{TfToken[TOKEN.1]} %&{TfToken[TOKEN.2]}",
  "$%{x} %${x} $$$${x} %%%{x}",
  "$${",
  "$$${",
  "trailing $",
  "trailing %",
  "\uFEFFstarts with a byte order mark",
  "\uFEFF",
  "\uFEFF${x}",
  "a \uFEFF in the middle",
];

/** Words with a meaning in HCL expressions: a bare map key spelled so is not a plain name. */
export const HCL_KEYWORDS: readonly string[] = ["for", "in", "if", "else", "endif", "endfor", "true", "false", "null"];
