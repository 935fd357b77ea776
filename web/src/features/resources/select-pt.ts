/**
 * PrimeVue's Select puts two focus-trap spans in its open overlay, aria-hidden yet focusable
 * (axe: aria-hidden-focus, serious). A Select without a filter never moves focus into its
 * overlay (Tab closes it), so the traps are taken out of the tab order.
 */
export const selectWithoutFocusTraps = {
  hiddenFirstFocusableEl: { tabindex: -1 },
  hiddenLastFocusableEl: { tabindex: -1 },
} as const;
