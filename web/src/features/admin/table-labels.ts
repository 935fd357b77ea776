/** A column's header as its cells' label, shown on a phone (see stacked-table.css). */
export const cellLabel = (label: string) => ({ bodyCell: { 'data-label': label } });

/** A paginator that fits 375 px: previous, "page x of y", next. */
export const compactPaginator = 'FirstPageLink PrevPageLink CurrentPageReport NextPageLink LastPageLink';
