import {
  IdentifierNode,
  OperationNodeTransformer,
  SchemableIdentifierNode,
  WithSchemaPlugin,
  type CreateIndexNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * SQLite has no schemas, so a namespace is a table prefix there: `records` becomes `app_records__records`.
 * Kysely's WithSchemaPlugin already knows which identifiers are tables of the query (and leaves aliases,
 * CTEs and `excluded` alone); it marks them with a placeholder schema, which this turns into the prefix.
 */
export function tablePrefixPlugins(prefix: string): KyselyPlugin[] {
  return [new WithSchemaPlugin(PLACEHOLDER_SCHEMA), new PlaceholderToPrefix(prefix)];
}

const PLACEHOLDER_SCHEMA = '\u0000pitwall-namespace';

class PlaceholderToPrefix implements KyselyPlugin {
  private readonly transformer: PrefixTransformer;

  constructor(prefix: string) {
    this.transformer = new PrefixTransformer(prefix);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node, args.queryId);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

class PrefixTransformer extends OperationNodeTransformer {
  constructor(private readonly prefix: string) {
    super();
  }

  protected override transformSchemableIdentifier(node: SchemableIdentifierNode, queryId?: PluginTransformQueryArgs['queryId']): SchemableIdentifierNode {
    const transformed = super.transformSchemableIdentifier(node, queryId);
    if (transformed.schema?.name !== PLACEHOLDER_SCHEMA) return transformed;
    return SchemableIdentifierNode.create(this.prefix + transformed.identifier.name);
  }

  // Index names are global in a SQLite file: they carry the prefix too.
  protected override transformCreateIndex(node: CreateIndexNode, queryId?: PluginTransformQueryArgs['queryId']): CreateIndexNode {
    const transformed = super.transformCreateIndex(node, queryId);
    return { ...transformed, name: IdentifierNode.create(this.prefix + transformed.name.name) };
  }
}
