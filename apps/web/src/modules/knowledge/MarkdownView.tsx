import Markdown, { type Components } from 'react-markdown';
import './knowledge.css';

// Links leave the console in a new tab and can't reach back through window.opener.
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  img: ({ node: _node, ...props }) => <img {...props} loading="lazy" alt={props.alt ?? ''} />,
};

/**
 * An answer's Markdown, rendered the way citizens will see it. `skipHtml` drops raw HTML instead of
 * rendering it, and react-markdown's default URL filter removes `javascript:` and similar links.
 */
export function MarkdownView({ source, className }: { source: string; className?: string }) {
  return (
    <div className={`bb-markdown ${className ?? ''}`}>
      <Markdown skipHtml components={components}>
        {source}
      </Markdown>
    </div>
  );
}
