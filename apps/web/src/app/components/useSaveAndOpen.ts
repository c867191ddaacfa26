import { App } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

interface SaveMutation<B> {
  mutate: (variables: { id?: string; body: B }, options: { onSuccess: (saved: { id: string }) => void }) => void;
}

/** Submit for an edit page: create (no id) or update, then say so and open the saved record in place of the form. */
export function useSaveAndOpen<B>(save: SaveMutation<B>, id: string | undefined, basePath: string, createdText: string) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return (body: B) =>
    save.mutate(
      { id, body },
      {
        onSuccess: (saved) => {
          void message.success(id ? t('common.saved') : createdText);
          navigate(`${basePath}/${saved.id}`, { replace: true });
        },
      },
    );
}
