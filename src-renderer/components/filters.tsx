// Toolbar inputs for list screens: a debounced search box and enum filters with an "All" choice.
import { useEffect, useRef, useState } from 'react';
import { label as prettify } from './format';

export function SearchBox({ value, onChange, placeholder, label }: { value: string; onChange(v: string): void; placeholder: string; label: string }) {
  const [text, setText] = useState(value);
  const emitted = useRef(value);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const emit = (v: string) => {
    emitted.current = v;
    onChangeRef.current(v);
  };
  // Follow outside changes (e.g. "Clear filters"), but never echo back what this box itself sent.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text === emitted.current) return;
    // Wait for a pause in typing so each keystroke is not a query.
    const t = setTimeout(() => emit(text), 250);
    return () => clearTimeout(t);
  }, [text]);
  return (
    <label className="search-box">
      <span className="sr-only">{label}</span>
      <svg viewBox="0 0 16 16" aria-hidden="true" className="search-icon">
        <path d="M7 2a5 5 0 0 1 3.9 8.1l3 3-.8.8-3-3A5 5 0 1 1 7 2Zm0 1.2a3.8 3.8 0 1 0 0 7.6 3.8 3.8 0 0 0 0-7.6Z" />
      </svg>
      <input
        type="search"
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') emit(text);
          if (e.key === 'Escape') setText('');
        }}
        spellCheck={false}
        autoComplete="off"
      />
    </label>
  );
}

export function EnumFilter<V extends string>({ label, value, options, onChange }: { label: string; value: V | undefined; options: readonly V[]; onChange(v: V | undefined): void }) {
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as V | undefined)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {prettify(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
