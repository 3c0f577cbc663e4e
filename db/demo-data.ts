/**
 * Demo data of a real-shaped Cusco producers' market: provinces, communities, Andean produce
 * with sensible units and prices (in céntimos). Used only by db/seed-demo.ts.
 */
import type { Unit } from "./schema-enums";

/** The accounts listed in the README (password "feria2026" for all). */
export const DEMO_ACCOUNTS = {
  consumer: { name: "Rosa Quispe", phone: "+51987654321" },
  producer: { name: "Juan Mamani Quispe", phone: "+51984111222" },
  pendingProducer: { name: "Celia Ramos Huamán", phone: "+51984000999" },
  coordinator: { name: "Carmen Coordinadora", email: "coordinacion@qhatu.pe" },
  admin: { name: "Administración Qhatu", email: "admin@qhatu.pe" },
};

export const DEMO_MARKET = {
  slug: "mercado-campesino-cusco",
  name: "Mercado Campesino de Cusco (demo)",
  city: "Cusco",
  commissionBps: 800,
  defaultPlace: "Plataforma de Huancaro, Av. Huancaro s/n, Santiago, Cusco",
};

export const DEMO_CATEGORIES = [
  {
    slug: "papas",
    nameEs: "Papas y tubérculos",
    nameQu: "Papakuna, ullukukuna",
    nameEn: "Potatoes and tubers",
  },
  { slug: "granos", nameEs: "Granos andinos", nameQu: "Granokuna", nameEn: "Andean grains" },
  { slug: "maiz", nameEs: "Maíz y choclo", nameQu: "Sara, chuqllu", nameEn: "Maize and corn" },
  {
    slug: "menestras",
    nameEs: "Habas, tarwi y menestras",
    nameQu: "Hawas, tarwi",
    nameEn: "Beans and lupins",
  },
  { slug: "verduras", nameEs: "Verduras", nameQu: "Yuyukuna", nameEn: "Vegetables" },
  { slug: "hierbas", nameEs: "Hierbas aromáticas", nameQu: "Q'apaq qhurakuna", nameEn: "Herbs" },
  { slug: "frutas", nameEs: "Frutas", nameQu: "Rurukuna", nameEn: "Fruit" },
  {
    slug: "lacteos",
    nameEs: "Quesos y lácteos",
    nameQu: "Kisukuna, lichikuna",
    nameEn: "Cheese and dairy",
  },
  {
    slug: "carnes",
    nameEs: "Carnes, cuyes y huevos",
    nameQu: "Aychakuna, quwikuna, runtukuna",
    nameEn: "Meat, guinea pig and eggs",
  },
  { slug: "trucha", nameEs: "Trucha", nameQu: "Challwa", nameEn: "Trout" },
  { slug: "miel", nameEs: "Miel", nameQu: "Mishk'i", nameEn: "Honey" },
  { slug: "cafe-cacao", nameEs: "Café y cacao", nameQu: "Kafi, kakaw", nameEn: "Coffee and cocoa" },
  {
    slug: "transformados",
    nameEs: "Chuño, harinas y conservas",
    nameQu: "Ch'uñu, hak'ukuna",
    nameEn: "Chuño, flours and preserves",
  },
] as const;

type CategorySlug = (typeof DEMO_CATEGORIES)[number]["slug"];
type DemoProduct = {
  name: string;
  category: CategorySlug;
  unit: Unit;
  priceCents: number;
  description: string;
};

const p = (
  name: string,
  category: CategorySlug,
  unit: Unit,
  soles: number,
  description = "",
): DemoProduct => ({ name, category, unit, priceCents: Math.round(soles * 100), description });

/** What each kind of farm grows; producers pick from their own kind. */
export const PRODUCE: Record<"puna" | "valle" | "quebrada" | "selva" | "lago", DemoProduct[]> = {
  puna: [
    p("Papa nativa mixta", "papas", "kg", 3.5, "Mezcla de variedades nativas de altura."),
    p("Papa qompis", "papas", "kg", 3.2, "Harinosa, ideal para sancochar."),
    p("Papa peruanita", "papas", "kg", 4.5, "Amarilla, para causa y puré."),
    p("Papa huayro", "papas", "kg", 3.0, "Para sopas y papa a la huancaína."),
    p("Papa puka mama", "papas", "kg", 4.0, "Variedad nativa de piel roja."),
    p("Chuño negro", "transformados", "kg", 12.0, "Deshidratado con las heladas de junio."),
    p("Moraya (tunta)", "transformados", "kg", 16.0, "Chuño blanco lavado en río."),
    p("Carne de alpaca", "carnes", "kg", 22.0, "Baja en grasa, de crianza a 4,000 m."),
    p("Charqui de alpaca", "carnes", "kg", 45.0, "Carne seca y salada al modo tradicional."),
    p("Queso de altura", "lacteos", "unidad", 16.0, "Queso fresco de aprox. 1 kg."),
    p("Cañihua", "granos", "kg", 14.0, "Grano andino muy nutritivo."),
    p("Quinua blanca", "granos", "kg", 10.0, "Lavada, lista para cocinar."),
    p("Mashua", "papas", "kg", 2.5, "Tubérculo andino, para mazamorra y huatia."),
  ],
  valle: [
    p("Maíz blanco gigante del Cusco", "maiz", "kg", 8.0, "El grano grande de Urubamba y Calca."),
    p("Choclo", "maiz", "docena", 6.0, "Tierno, para choclo con queso."),
    p("Cancha chullpi", "maiz", "kg", 9.0, "Para tostar."),
    p("Maíz morado", "maiz", "kg", 5.0, "Para chicha morada y mazamorra."),
    p("Habas verdes", "menestras", "kg", 4.0, "Tiernas, de temporada."),
    p("Habas secas", "menestras", "kg", 6.0),
    p("Arveja verde", "menestras", "kg", 5.0),
    p("Zanahoria", "verduras", "kg", 2.0),
    p("Cebolla roja", "verduras", "kg", 2.5),
    p("Lechuga", "verduras", "unidad", 1.5),
    p("Col", "verduras", "unidad", 2.5),
    p("Brócoli", "verduras", "unidad", 3.0),
    p("Betarraga", "verduras", "kg", 2.0),
    p("Acelga", "verduras", "atado", 1.5),
    p("Espinaca", "verduras", "atado", 2.0),
    p("Zapallo", "verduras", "kg", 2.0),
    p("Muña", "hierbas", "atado", 1.0, "Menta andina, para infusión y sopas."),
    p("Huacatay", "hierbas", "atado", 1.0),
    p("Hierba buena", "hierbas", "atado", 1.0),
    p("Culantro", "hierbas", "atado", 1.0),
    p("Manzanilla", "hierbas", "atado", 1.5),
    p("Papa amarilla", "papas", "kg", 4.0),
    p("Olluco", "papas", "kg", 3.0, "Para olluquito con charqui."),
    p("Oca", "papas", "kg", 2.8, "Dulce después de asolearla."),
    p("Queso fresco de Anta", "lacteos", "unidad", 15.0, "Queso de vaca de la pampa de Anta."),
    p("Yogur de sauco", "lacteos", "litro", 9.0),
    p("Leche fresca", "lacteos", "litro", 3.5),
    p("Cuy entero", "carnes", "unidad", 35.0, "Criado con alfalfa, beneficiado el viernes."),
    p("Huevos de corral", "carnes", "docena", 9.0),
    p("Gallina criolla", "carnes", "unidad", 40.0),
    p("Capulí", "frutas", "kg", 6.0),
    p("Aguaymanto", "frutas", "kg", 9.0),
  ],
  quebrada: [
    p("Tarwi", "menestras", "kg", 12.0, "Desamargado, listo para ceviche de tarwi."),
    p("Quinua roja", "granos", "kg", 12.0),
    p("Quinua negra", "granos", "kg", 13.0),
    p("Kiwicha", "granos", "kg", 11.0),
    p("Kiwicha pop", "granos", "bolsa", 5.0, "Reventada, para el desayuno."),
    p("Trigo pelado", "granos", "kg", 5.0),
    p("Cebada", "granos", "kg", 4.0),
    p("Máchica", "transformados", "kg", 6.0, "Harina de cebada tostada."),
    p("Harina de habas", "transformados", "kg", 8.0),
    p("Olluco", "papas", "kg", 3.0),
    p("Oca", "papas", "kg", 2.8),
    p("Mashua", "papas", "kg", 2.5),
    p("Yacón", "papas", "kg", 3.5, "Dulce y fresco."),
    p("Papa nativa mixta", "papas", "kg", 3.5),
    p("Cuy entero", "carnes", "unidad", 35.0),
    p("Tuna", "frutas", "docena", 5.0),
    p("Rocoto", "verduras", "kg", 6.0),
    p("Tomate", "verduras", "kg", 3.5),
    p(
      "Miel de abeja",
      "miel",
      "frasco",
      25.0,
      "Frasco de 1 kg, de flores de eucalipto y quishuar.",
    ),
  ],
  selva: [
    p(
      "Café tostado de La Convención",
      "cafe-cacao",
      "bolsa",
      25.0,
      "Bolsa de 500 g, tueste medio.",
    ),
    p("Café verde", "cafe-cacao", "kg", 20.0),
    p("Cacao chuncho", "cafe-cacao", "kg", 18.0, "Cacao nativo de fino aroma."),
    p("Chocolate de taza", "cafe-cacao", "unidad", 8.0, "Tableta de 250 g."),
    p("Palta fuerte", "frutas", "kg", 7.0),
    p("Plátano de seda", "frutas", "docena", 4.0),
    p("Granadilla", "frutas", "docena", 8.0),
    p("Naranja de Quillabamba", "frutas", "kg", 2.5),
    p("Piña", "frutas", "unidad", 5.0),
    p("Mango", "frutas", "kg", 4.0),
    p("Mandarina", "frutas", "kg", 3.0),
    p("Papaya", "frutas", "unidad", 6.0),
    p("Miel de abeja", "miel", "frasco", 25.0),
    p("Mermelada de aguaymanto", "transformados", "frasco", 10.0),
    p("Achiote", "hierbas", "bolsa", 3.0),
    p("Yuca", "papas", "kg", 2.5),
  ],
  lago: [
    p("Trucha fresca", "trucha", "kg", 18.0, "De las lagunas de Pomacanchi y Acopía."),
    p("Trucha ahumada", "trucha", "unidad", 14.0),
    p("Filete de trucha", "trucha", "kg", 28.0),
    p("Papa nativa mixta", "papas", "kg", 3.5),
    p("Habas verdes", "menestras", "kg", 4.0),
    p("Queso fresco", "lacteos", "unidad", 14.0),
    p("Cuy entero", "carnes", "unidad", 35.0),
    p("Cebada", "granos", "kg", 4.0),
    p("Huevos de corral", "carnes", "docena", 9.0),
  ],
};

type Kind = keyof typeof PRODUCE;

/** 42 producers across the 13 provinces: [first name, surname, farm, community, district, province, kind]. */
export const DEMO_PRODUCERS: [string, string, string, string, string, string, Kind][] = [
  ["Eusebio", "Quispe Huamán", "Chacra Sumaq Pampa", "Pomacanchi", "Pomacanchi", "Acomayo", "lago"],
  ["Justina", "Ccahuana Ttito", "Laguna Azul", "Acopía", "Acopía", "Acomayo", "lago"],
  ["Valentín", "Condori Puma", "Sangarará Verde", "Marcaconga", "Sangarará", "Acomayo", "quebrada"],
  ["Teodora", "Huillca Apaza", "Quesos Pampa de Anta", "Conchacalla", "Anta", "Anta", "valle"],
  ["Feliciano", "Choque Layme", "Huerta Zurite", "Zurite", "Zurite", "Anta", "valle"],
  ["Marisol", "Sullca Cusi", "Frutales de Limatambo", "Limatambo", "Limatambo", "Anta", "valle"],
  ["Juan", "Mamani Quispe", "Chacra Mamani", "Amaru", "Pisac", "Calca", "valle"],
  ["Saturnina", "Yupanqui Illa", "Parque de la Papa", "Paru Paru", "Pisac", "Calca", "puna"],
  ["Hilario", "Taipe Huamán", "Maíz de Lamay", "Huama", "Lamay", "Calca", "valle"],
  ["Nilda", "Auccapuma Chura", "Flores de Calca", "Sacaca", "Calca", "Calca", "valle"],
  ["Francisco", "Huamán Ccori", "Alpacas de Langui", "Chaupibanda", "Langui", "Canas", "puna"],
  ["Modesta", "Puma Condori", "Qhawaq Layo", "Pampamarca", "Layo", "Canas", "puna"],
  ["Grimaldo", "Apaza Ttito", "Yanaoca Andina", "Hanccoyo", "Yanaoca", "Canas", "quebrada"],
  ["Yolanda", "Cusi Mamani", "Chacra Pampa Ansa", "Pampa Ansa", "Sicuani", "Canchis", "puna"],
  [
    "Percy",
    "Layme Quispe",
    "Combapata Natural",
    "Ccollccopata",
    "Combapata",
    "Canchis",
    "quebrada",
  ],
  ["Lucía", "Ccori Sullca", "Checacupe Dulce", "Chara", "Checacupe", "Canchis", "valle"],
  [
    "Edwin",
    "Huarca Apaza",
    "Alturas de Santo Tomás",
    "Ccollpa",
    "Santo Tomás",
    "Chumbivilcas",
    "puna",
  ],
  [
    "Rufina",
    "Qquehue Taipe",
    "Colquemarca Andina",
    "Urinsaya",
    "Colquemarca",
    "Chumbivilcas",
    "puna",
  ],
  [
    "Benigno",
    "Chura Huillca",
    "Livitaca Orgánico",
    "Huaylla",
    "Livitaca",
    "Chumbivilcas",
    "quebrada",
  ],
  [
    "Rosa",
    "Illa Yupanqui",
    "Huerto San Jerónimo",
    "Sucso Aucaylle",
    "San Jerónimo",
    "Cusco",
    "valle",
  ],
  ["Martín", "Huamán Cusi", "Granja Saylla", "Huasao", "Saylla", "Cusco", "valle"],
  ["Gregoria", "Ttito Choque", "Miel de Poroy", "Ccorao", "Poroy", "Cusco", "quebrada"],
  [
    "Celestino",
    "Mamani Huarca",
    "Alpacas de Coporaque",
    "Tarucamarca",
    "Coporaque",
    "Espinar",
    "puna",
  ],
  ["Jacinta", "Condori Layme", "Chuño de Pallpata", "Hanansaya", "Pallpata", "Espinar", "puna"],
  ["Dionicio", "Quispe Ccahuana", "Suykutambo Alto", "Cocama", "Suykutambo", "Espinar", "puna"],
  ["Ana", "Huillca Sullca", "Café Huayopata", "Amaybamba", "Huayopata", "La Convención", "selva"],
  [
    "Wilber",
    "Ccori Apaza",
    "Cacao Chuncho Echarati",
    "Pan de Azúcar",
    "Echarati",
    "La Convención",
    "selva",
  ],
  [
    "Delia",
    "Taipe Mamani",
    "Frutas de Santa Teresa",
    "Sahuayaco",
    "Santa Teresa",
    "La Convención",
    "selva",
  ],
  [
    "Roberto",
    "Yupanqui Choque",
    "Café Maranura",
    "Chaupimayo",
    "Maranura",
    "La Convención",
    "selva",
  ],
  ["Elena", "Puma Huamán", "Quillabamba Tropical", "Idma", "Santa Ana", "La Convención", "selva"],
  ["Vicente", "Apaza Quispe", "Tarwi de Paruro", "Araycalla", "Paruro", "Paruro", "quebrada"],
  ["Flora", "Layme Cusi", "Huanoquite Verde", "Maska", "Huanoquite", "Paruro", "quebrada"],
  ["Alejandro", "Chura Ccori", "Accha Andina", "Parcco", "Accha", "Paruro", "quebrada"],
  [
    "Paulina",
    "Huarca Condori",
    "Chacra Colquepata",
    "Sallac",
    "Colquepata",
    "Paucartambo",
    "quebrada",
  ],
  [
    "Sabino",
    "Ttito Yupanqui",
    "Papas de Challabamba",
    "Quico",
    "Challabamba",
    "Paucartambo",
    "puna",
  ],
  [
    "Marcelina",
    "Cusi Huillca",
    "Paucartambo Nativo",
    "Mollomarca",
    "Paucartambo",
    "Paucartambo",
    "quebrada",
  ],
  ["Julián", "Quispe Taipe", "Ocongate Alto", "Tinke", "Ocongate", "Quispicanchi", "puna"],
  [
    "Hermelinda",
    "Mamani Ccahuana",
    "Huerta Andahuaylillas",
    "Quehuar",
    "Andahuaylillas",
    "Quispicanchi",
    "valle",
  ],
  ["Fortunato", "Apaza Huarca", "Truchas de Lucre", "Huacarpay", "Lucre", "Quispicanchi", "lago"],
  [
    "Maruja",
    "Sullca Layme",
    "Chinchero Tejido y Papa",
    "Ccorccor",
    "Chinchero",
    "Urubamba",
    "valle",
  ],
  [
    "Leoncio",
    "Huamán Chura",
    "Maíz Gigante de Urubamba",
    "Pumahuanca",
    "Urubamba",
    "Urubamba",
    "valle",
  ],
  ["Silvia", "Condori Illa", "Maras Salineras", "Mullaka'y", "Maras", "Urubamba", "quebrada"],
];

const SGP_CERTIFIER = "Consejo Regional del SGP Cusco";
const ORGANIC_CERTIFIERS = ["Control Union Perú", "BioLatina", "CERES Perú"];

/** SGP for about half the producers, organic for some, spread deterministically. */
export function demoCertifications(index: number, today: string) {
  const year = Number(today.slice(0, 4));
  const certs: { kind: "sgp" | "organic"; certifier: string; certifiedOn: string }[] = [];
  if (index % 2 === 0) {
    certs.push({
      kind: "sgp",
      certifier: SGP_CERTIFIER,
      certifiedOn: `${year - 1 - (index % 3)}-0${1 + (index % 9)}-15`,
    });
  }
  if (index % 5 === 1 || index % 7 === 3) {
    certs.push({
      kind: "organic",
      certifier: ORGANIC_CERTIFIERS[index % ORGANIC_CERTIFIERS.length],
      certifiedOn: `${year - 1}-${String(1 + (index % 12)).padStart(2, "0")}-01`,
    });
  }
  return certs;
}

export const DEMO_CONSUMER_NAMES = [
  "Rosa Quispe",
  "Carmen Huamán",
  "Luis Gutiérrez",
  "Patricia Flores",
  "Jorge Mamani",
  "Milagros Ccahuana",
  "Ricardo Paredes",
  "Sonia Ttito",
  "Raúl Condori",
  "Elizabeth Vargas",
  "Óscar Huillca",
  "Karina Apaza",
  "Daniel Puma",
  "Gladys Choque",
  "Wilfredo Layme",
  "Nancy Sullca",
  "César Cusi",
  "Yeni Taipe",
  "Hugo Yupanqui",
  "Marleni Chura",
];
