/** A Terraform resource name: letters, digits, '_' and '-', not starting with a digit. */
export function terraformName(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}
