import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type Lang = 'zh-CN' | 'en';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const KEY = 'gamified.lang';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** The message in the current language, with {name} placeholders filled. */
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** Picks the current language from a server LocalizedText. */
  text: (value: { zhCN: string; en: string } | null | undefined) => string;
}

const Context = createContext<I18n | null>(null);

function initialLang(): Lang {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => ({
    lang,
    setLang,
    t: (key, values) => {
      let message = dictionaries[lang][key];
      if (values) for (const [k, v] of Object.entries(values)) message = message.replaceAll(`{${k}}`, String(v));
      return message;
    },
    text: (v) => (v ? (lang === 'en' ? v.en || v.zhCN : v.zhCN || v.en) : ''),
  }), [lang, setLang]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The server's Locale enum for the current language. */
export const serverLocale = (lang: Lang) => (lang === 'en' ? 'EN' : 'ZH_CN');
