// Types every page's GraphQL documents against the server's committed schema (../schema.graphql): `npm run build`
// runs this first, so a schema change that breaks a page fails the build. The output (src/gql/) is generated, not
// committed.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  errorsOnly: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        // Documents travel as strings: no GraphQL parser or printer in the bundle.
        documentMode: 'string',
        enumsAsTypes: true,
        // What the server sends for its custom scalars: ISO-8601 text and JSON numbers (Long stays below 2^53).
        scalars: { DateTimeOffset: 'string', DateOnly: 'string', Long: 'number' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
