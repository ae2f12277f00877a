// DynamoDB's size of an item in its attribute-value form, by the published rules: names and values in bytes, numbers
// about one byte per two significant digits plus one, three bytes and one per element for lists and maps.
type AttributeValue = Record<string, unknown>;

function valueSize(value: unknown): number {
  const [type, inner] = Object.entries((value ?? {}) as AttributeValue)[0] ?? [];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N':
      return Math.ceil(String(inner).replace(/^-|\.|^0+|e.*$/g, '').length / 2) + 1;
    case 'B':
      return typeof inner === 'string' ? Buffer.from(inner, 'base64').length : (inner as Uint8Array).length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'L':
      return 3 + (inner as unknown[]).reduce<number>((sum, element) => sum + 1 + valueSize(element), 0);
    case 'M':
      return (
        3 +
        Object.entries(inner as AttributeValue).reduce(
          (sum, [name, element]) => sum + 1 + Buffer.byteLength(name) + valueSize(element),
          0,
        )
      );
    default:
      return Buffer.byteLength(JSON.stringify(inner ?? null));
  }
}

/** The bytes an item counts for in capacity: what a write of it costs (per KB) and whether it is under 1 KB. */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  );
}
