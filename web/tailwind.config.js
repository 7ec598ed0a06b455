/** @type {import('tailwindcss').Config} */
export default {
  content: ['./index.html', './src/**/*.{ts,tsx}'],
  // Tailwind's class strategy (dark: applies under <html class="dark">, set
  // by public/theme.js and src/lib/theme.ts), limited to screens: a printed
  // report is always dark on white, whatever the screen shows.
  darkMode: ['variant', '@media screen { &:is(.dark *) }'],
  theme: { extend: {} },
  plugins: [],
};
