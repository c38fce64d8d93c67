/**
 * A deterministic dataset shaped like JSONPlaceholder (same resources, counts, field names and
 * nesting), generated from a seed rather than copied. Used by the local pipeline's fake API and by tests.
 */

export interface Geo {
  lat: string;
  lng: string;
}
export interface User {
  id: number;
  name: string;
  username: string;
  email: string;
  address: { street: string; suite: string; city: string; zipcode: string; geo: Geo };
  phone: string;
  website: string;
  company: { name: string; catchPhrase: string; bs: string };
}
export interface Post {
  userId: number;
  id: number;
  title: string;
  body: string;
}
export interface Comment {
  postId: number;
  id: number;
  name: string;
  email: string;
  body: string;
}
export interface Album {
  userId: number;
  id: number;
  title: string;
}
export interface Photo {
  albumId: number;
  id: number;
  title: string;
  url: string;
  thumbnailUrl: string;
}
export interface Todo {
  userId: number;
  id: number;
  title: string;
  completed: boolean;
}

export interface Dataset {
  users: User[];
  posts: Post[];
  comments: Comment[];
  albums: Album[];
  photos: Photo[];
  todos: Todo[];
}

/** Resource names in foreign-key (load) order. */
export const RESOURCES = ['users', 'posts', 'comments', 'albums', 'photos', 'todos'] as const;
export type ResourceName = (typeof RESOURCES)[number];

/** JSONPlaceholder's sizes. */
export const DEFAULT_COUNTS: Readonly<Record<ResourceName, number>> = {
  users: 10,
  posts: 100,
  comments: 500,
  albums: 100,
  photos: 5000,
  todos: 200,
};

/** mulberry32: tiny, fast, good enough for fixtures, identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et ' +
  'dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea ' +
  'commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur'
).split(' ');
const FIRST = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Edsger', 'Radia'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Liskov',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Allen',
  'Dijkstra',
];
const CITIES = ['Gwenborough', 'Wisokyburgh', 'McKenziehaven', 'South Elvis', 'Roscoeview', 'Aliyaview'];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.test', 'corp.test'];

/** Generates the dataset; `counts` scales it (children are spread evenly over their parents). */
export function generateDataset(seed = 42, counts: Partial<Record<ResourceName, number>> = {}): Dataset {
  const n = { ...DEFAULT_COUNTS, ...counts };
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const words = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(WORDS)).join(' ');
  const sentences = (count: number) => Array.from({ length: count }, () => words(6, 12)).join('\n');
  const parentOf = (id: number, children: number, parents: number) =>
    Math.min(parents, Math.ceil((id * parents) / children));
  const coordinate = (limit: number) => (random() * 2 * limit - limit).toFixed(4);

  const users: User[] = Array.from({ length: n.users }, (_, index) => {
    const id = index + 1;
    const first = pick(FIRST);
    const last = pick(LAST);
    const username = `${first}.${last}${id}`;
    return {
      id,
      name: `${first} ${last}`,
      username,
      email: `${username.toLowerCase()}@${pick(DOMAINS)}`,
      address: {
        street: `${words(1, 2)} Street`,
        suite: `Apt. ${100 + Math.floor(random() * 900)}`,
        city: pick(CITIES),
        zipcode: `${10000 + Math.floor(random() * 89999)}-${1000 + Math.floor(random() * 8999)}`,
        geo: { lat: coordinate(90), lng: coordinate(180) },
      },
      phone: `1-770-736-${String(1000 + Math.floor(random() * 8999))}`,
      website: `${last.toLowerCase()}${id}.test`,
      company: { name: `${last} Group`, catchPhrase: words(3, 5), bs: words(3, 4) },
    };
  });
  const posts: Post[] = Array.from({ length: n.posts }, (_, index) => ({
    userId: parentOf(index + 1, n.posts, n.users),
    id: index + 1,
    title: words(3, 8),
    body: sentences(4),
  }));
  const comments: Comment[] = Array.from({ length: n.comments }, (_, index) => ({
    postId: parentOf(index + 1, n.comments, n.posts),
    id: index + 1,
    name: words(3, 6),
    email: `${pick(FIRST).toLowerCase()}${index + 1}@${pick(DOMAINS)}`,
    body: sentences(3),
  }));
  const albums: Album[] = Array.from({ length: n.albums }, (_, index) => ({
    userId: parentOf(index + 1, n.albums, n.users),
    id: index + 1,
    title: words(2, 6),
  }));
  const photos: Photo[] = Array.from({ length: n.photos }, (_, index) => {
    const colour = Math.floor(random() * 0xffffff)
      .toString(16)
      .padStart(6, '0');
    return {
      albumId: parentOf(index + 1, n.photos, n.albums),
      id: index + 1,
      title: words(3, 7),
      url: `https://via.placeholder.test/600/${colour}`,
      thumbnailUrl: `https://via.placeholder.test/150/${colour}`,
    };
  });
  const todos: Todo[] = Array.from({ length: n.todos }, (_, index) => ({
    userId: parentOf(index + 1, n.todos, n.users),
    id: index + 1,
    title: words(2, 6),
    completed: random() < 0.5,
  }));
  return { users, posts, comments, albums, photos, todos };
}
