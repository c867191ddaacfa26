import Markdown, { type Components } from 'react-markdown';
import { useTranslation } from 'react-i18next';

/**
 * A KB answer. react-markdown builds React elements (no innerHTML) and `skipHtml` drops raw HTML, so an entry
 * cannot inject markup; its default URL filter drops `javascript:` links.
 */
export function AnswerMarkdown({ text }: { text: string }) {
  const { t } = useTranslation();
  const components: Components = {
    a: ({ href, children }) => (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
        <span className="bb-chat-sr-only">{t('chat.newWindow')}</span>
      </a>
    ),
    img: ({ src, alt }) => <img src={typeof src === 'string' ? src : undefined} alt={alt ?? ''} loading="lazy" className="bb-chat-md-img" />,
    // The bubble has its own heading level; answers' headings are shown as bold lines.
    h1: ({ children }) => <p className="bb-chat-md-heading">{children}</p>,
    h2: ({ children }) => <p className="bb-chat-md-heading">{children}</p>,
    h3: ({ children }) => <p className="bb-chat-md-heading">{children}</p>,
  };
  return (
    <div className="bb-chat-md">
      <Markdown skipHtml components={components}>
        {text}
      </Markdown>
    </div>
  );
}
