// The public lookup page of a dossier on the portal, printed on receipts and sent in notifications.
export const lookupUrl = (code: string) =>
  `${process.env.PUBLIC_PORTAL_URL ?? 'https://dichvucong.example.gov.vn'}/tra-cuu?ma=${encodeURIComponent(code)}`;
