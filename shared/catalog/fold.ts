// Search folding for the catalog, apart from the catalog schemas so a reader does not build them.
/** Lower case without Vietnamese diacritics, so "giay phep xay dung" finds "Giấy phép xây dựng". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
