import { defineComponent, h } from 'vue';
import { renderMarkdown } from '../markdown.ts';

/** A message's markdown, rendered safely (token stream → VNodes; see markdown.ts). */
export default defineComponent({
  name: 'MarkdownText',
  props: { text: { type: String, required: true } },
  setup(props) {
    return () => h('div', { class: 'md' }, renderMarkdown(props.text));
  },
});
