// The peer of `kooperacja bench peer` (issue 17): @neo4j/graphql on Apollo Server, over the same Neo4j.
// Packages come from the npm cache directory the bench installs (never the repository): NODE_PATH.
// Only the types the benchmark's query shapes need; loopback only; no auth (a benchmark, not a service).
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = `#graphql
  type Institution @node {
    id: ID!
    name: String!
    services: [Service!]! @relationship(type: "OFFERS", direction: OUT)
  }
  type Service @node {
    id: ID!
    name: String!
  }
`;

const driver = neo4j.driver(process.env.PEER_NEO4J_URI, neo4j.auth.basic("neo4j", process.env.PEER_NEO4J_PASSWORD));
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: Number(process.env.PEER_PORT) } });
console.log(`peer ready ${url}`);
