import { useId, useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProposeEntry, type ProposedEntryView } from './useDesk.ts';

interface Props {
  conversationId: string;
  initialQuestion: string;
  initialAnswer: string;
  onClose: () => void;
  onDone: (entry: ProposedEntryView) => void;
}

/** 提为知识条目: a draft for the department's KB operator, with this chat as its source. */
export function ProposeEntryDialog({ conversationId, initialQuestion, initialAnswer, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const ids = { question: useId(), answer: useId() };
  const [question, setQuestion] = useState(initialQuestion.slice(0, 200));
  const [answer, setAnswer] = useState(initialAnswer.slice(0, 5000));
  const [invalid, setInvalid] = useState<'question' | 'answer' | null>(null);
  const propose = useProposeEntry();

  const submit = () => {
    if (question.trim().length < 2) return setInvalid('question');
    if (answer.trim().length < 2) return setInvalid('answer');
    propose.mutate({ id: conversationId, question: question.trim(), answer: answer.trim() }, { onSuccess: onDone });
  };

  return (
    <Modal
      open
      title={t('desk.proposeTitle')}
      okText={t('desk.proposeConfirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: propose.isPending }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Alert type="info" showIcon title={t('desk.proposeIntro')} style={{ marginBottom: 12 }} />
      <div className="bb-field" style={{ marginBottom: 12 }}>
        <label htmlFor={ids.question}>{t('desk.proposeQuestion')}</label>
        <Input
          id={ids.question}
          value={question}
          onChange={(e) => {
            setQuestion(e.target.value);
            setInvalid(null);
          }}
          maxLength={200}
          status={invalid === 'question' ? 'error' : undefined}
          aria-invalid={invalid === 'question'}
        />
      </div>
      <div className="bb-field">
        <label htmlFor={ids.answer}>{t('desk.proposeAnswer')}</label>
        <Input.TextArea
          id={ids.answer}
          value={answer}
          onChange={(e) => {
            setAnswer(e.target.value);
            setInvalid(null);
          }}
          maxLength={5000}
          showCount
          autoSize={{ minRows: 5, maxRows: 14 }}
          status={invalid === 'answer' ? 'error' : undefined}
          aria-invalid={invalid === 'answer'}
        />
      </div>
      {invalid && (
        <Typography.Text type="danger" role="alert">
          {invalid === 'question' ? t('desk.proposeQuestionMissing') : t('desk.proposeAnswerMissing')}
        </Typography.Text>
      )}
      {propose.error && <Alert type="error" showIcon role="alert" title={propose.error.message} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
