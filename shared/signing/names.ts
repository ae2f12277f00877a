// X.501 names for certificates and certification requests, from the `CN=…,O=…,C=VN` form operators write.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const ATTRIBUTES: Record<string, string> = {
  CN: '2.5.4.3',
  SERIALNUMBER: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  E: '1.2.840.113549.1.9.1',
};

export class NameError extends Error {
  override name = 'NameError';
}

/** `CN=Sở Tư pháp,O=UBND tỉnh Tây Ninh,C=VN` (a `\,` stays in the value), in that order. */
export function parseName(text: string): pkijs.RelativeDistinguishedNames {
  const parts = text
    .split(/(?<!\\),/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new NameError('The name is empty');
  // One attribute per RDN, in the order written (pkijs would put a new name's attributes in one multi-valued RDN).
  const rdns = parts.map((part) => {
    const match = /^([A-Za-z]+)\s*=\s*(.+)$/s.exec(part);
    const type = match && ATTRIBUTES[match[1]!.toUpperCase()];
    if (!match || !type)
      throw new NameError(`"${part}" is not one of ${Object.keys(ATTRIBUTES).join(', ')} = value`);
    const value = match[2]!.replace(/\\,/g, ',');
    // Country codes and e-mail addresses have their own string types; every other value is UTF-8.
    const encoded =
      type === ATTRIBUTES.C
        ? new asn1js.PrintableString({ value })
        : type === ATTRIBUTES.E
          ? new asn1js.IA5String({ value })
          : new asn1js.Utf8String({ value });
    return new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value: encoded }).toSchema()] });
  });
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER());
}
