/** The 13 provinces of the Cusco region, where the association's producers farm. */
export const CUSCO_PROVINCES = [
  "Acomayo",
  "Anta",
  "Calca",
  "Canas",
  "Canchis",
  "Chumbivilcas",
  "Cusco",
  "Espinar",
  "La Convención",
  "Paruro",
  "Paucartambo",
  "Quispicanchi",
  "Urubamba",
] as const;
export type CuscoProvince = (typeof CUSCO_PROVINCES)[number];
