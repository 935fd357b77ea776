import type { MultiSelectPassThroughOptions } from 'primevue/multiselect';
import type { SelectPassThroughOptions } from 'primevue/select';
import { i18n } from './i18n/index.ts';

const t = (key: 'common.selectAll' | 'common.filterOptions' | 'common.options') => i18n.global.t(key);

/**
 * Pass-through defaults that make every MultiSelect's open menu pass axe (WCAG 2.1 AA):
 * the filter box, the "select all" box and the list are named (in the current language, read
 * at each render); the tick box inside each option is no control of its own (an option's
 * content is presentational: a focusable box inside it is `nested-interactive`), the option
 * itself is what is clicked and what the keyboard moves over, so nothing is lost; the scrolling
 * list can be reached by keyboard, and the focus-trap sentinels are not aria-hidden.
 */
export const multiSelectA11y: MultiSelectPassThroughOptions = {
  pcFilter: { root: () => ({ 'aria-label': t('common.filterOptions') }) },
  pcHeaderCheckbox: { input: () => ({ 'aria-label': t('common.selectAll') }) },
  list: () => ({ 'aria-label': t('common.options') }),
  pcOptionCheckbox: {
    input: { disabled: true, 'aria-hidden': 'true', style: { pointerEvents: 'none' } },
  },
  // A long list scrolls: reachable by keyboard (its options are reached from the filter box by arrows).
  listContainer: { tabindex: '0' },
  // The focus-trap sentinels are focusable, so they must not be aria-hidden (role=presentation hides them).
  hiddenFirstFocusableEl: { 'aria-hidden': undefined },
  hiddenLastFocusableEl: { 'aria-hidden': undefined },
};

/**
 * The same for every Select: its open overlay has the same focus-trap sentinels (focusable, so
 * not aria-hidden: axe aria-hidden-focus), and a list long enough to scroll can be reached by
 * keyboard (scrollable-region-focusable).
 */
export const selectA11y: SelectPassThroughOptions = {
  listContainer: { tabindex: '0' },
  hiddenFirstFocusableEl: { 'aria-hidden': undefined },
  hiddenLastFocusableEl: { 'aria-hidden': undefined },
};
