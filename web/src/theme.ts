import { definePreset } from '@primeuix/themes';
import type { Preset } from '@primeuix/themes/types';
import base from '@primeuix/themes/aura/base';
import autocomplete from '@primeuix/themes/aura/autocomplete';
import badge from '@primeuix/themes/aura/badge';
import button from '@primeuix/themes/aura/button';
import checkbox from '@primeuix/themes/aura/checkbox';
import chip from '@primeuix/themes/aura/chip';
import datatable from '@primeuix/themes/aura/datatable';
import dialog from '@primeuix/themes/aura/dialog';
import drawer from '@primeuix/themes/aura/drawer';
import fileupload from '@primeuix/themes/aura/fileupload';
import iconfield from '@primeuix/themes/aura/iconfield';
import inputnumber from '@primeuix/themes/aura/inputnumber';
import inputtext from '@primeuix/themes/aura/inputtext';
import message from '@primeuix/themes/aura/message';
import multiselect from '@primeuix/themes/aura/multiselect';
import paginator from '@primeuix/themes/aura/paginator';
import progressbar from '@primeuix/themes/aura/progressbar';
import radiobutton from '@primeuix/themes/aura/radiobutton';
import select from '@primeuix/themes/aura/select';
import tag from '@primeuix/themes/aura/tag';
import textarea from '@primeuix/themes/aura/textarea';
import toggleswitch from '@primeuix/themes/aura/toggleswitch';
import virtualscroller from '@primeuix/themes/aura/virtualscroller';

/**
 * Aura, with the design tokens of only the components this app uses (the full preset is
 * 120 KB of JavaScript in the start-up bundle). Using a new PrimeVue component? Add its
 * tokens here, and those of the components it renders (see its `import … from 'primevue/…'`).
 */
const components = {
  autocomplete,
  badge,
  button,
  checkbox,
  chip,
  datatable,
  dialog,
  drawer,
  fileupload,
  iconfield,
  inputnumber,
  inputtext,
  message,
  multiselect,
  paginator,
  progressbar,
  radiobutton,
  select,
  tag,
  textarea,
  toggleswitch,
  virtualscroller,
};

/**
 * A teal primary one step darker than Aura's emerald-500: teal-700 (#0f766e) on white has a
 * contrast of 5.5:1, so primary buttons and links pass WCAG AA; emerald-500 does not.
 */
export const TsunaguPreset = definePreset({ ...base, components } as Preset, {
  semantic: {
    primary: {
      50: '{teal.50}',
      100: '{teal.100}',
      200: '{teal.200}',
      300: '{teal.300}',
      400: '{teal.400}',
      500: '{teal.500}',
      600: '{teal.600}',
      700: '{teal.700}',
      800: '{teal.800}',
      900: '{teal.900}',
      950: '{teal.950}',
    },
    // Aura sets the primary colour per colour scheme (light: primary.500), which wins over a
    // `primary.color` beside the palette: the override must sit in colorScheme.light.
    colorScheme: {
      light: {
        primary: {
          color: '{teal.700}',
          contrastColor: '#ffffff',
          hoverColor: '{teal.800}',
          activeColor: '{teal.900}',
        },
      },
    },
  },
  // Aura's component colours live per colour scheme too: the overrides go in colorScheme.light.
  components: {
    // Aura's red-500 on white (3.8:1) fails WCAG AA: one step darker for danger buttons.
    button: {
      colorScheme: {
        light: {
          root: {
            danger: {
              background: '{red.700}',
              hoverBackground: '{red.800}',
              activeBackground: '{red.900}',
              borderColor: '{red.700}',
              hoverBorderColor: '{red.800}',
              activeBorderColor: '{red.900}',
            },
          },
          text: { danger: { color: '{red.700}' } },
          outlined: { danger: { color: '{red.700}' } },
        },
      },
    },
    // The notifications badge: white on red-500 (3.8:1) fails WCAG AA; red-700 passes.
    badge: {
      colorScheme: { light: { danger: { background: '{red.700}', color: '#ffffff' } } },
    },
    // Message text at 600 on its pale background is borderline: 800 passes everywhere.
    message: {
      colorScheme: {
        light: {
          error: { color: '{red.800}' },
          success: { color: '{green.800}' },
          info: { color: '{blue.800}' },
          warn: { color: '{yellow.800}' },
        },
      },
    },
  },
});
