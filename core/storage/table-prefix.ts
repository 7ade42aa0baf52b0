import {
  IdentifierNode,
  OperationNodeTransformer,
  SqliteQueryCompiler,
  WithSchemaPlugin,
  type CreateIndexNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SchemableIdentifierNode,
  type UnknownRow,
} from 'kysely';

/**
 * SQLite has no schemas, so a namespace is a table prefix there: `records` becomes `app_records__records`.
 * Kysely's WithSchemaPlugin already knows which identifiers are tables of the query (and leaves aliases,
 * CTEs and `excluded` alone); it gives them a placeholder schema that carries the prefix, and the query
 * compiler below writes placeholder-schema tables as prefixed names. Both steps are idempotent, so a
 * subquery built from the same namespaced Kysely (transformed once more inside the outer query) is fine.
 */
export function tablePrefixPlugins(prefix: string): KyselyPlugin[] {
  return [new WithSchemaPlugin(PLACEHOLDER + prefix), new IndexNamePrefix(prefix)];
}

const PLACEHOLDER = '\u0000pitwall-prefix:';

/** SQLite's query compiler, writing `<placeholder:prefix>.table` as `prefixtable`. */
export class PrefixingSqliteQueryCompiler extends SqliteQueryCompiler {
  protected override visitSchemableIdentifier(node: SchemableIdentifierNode): void {
    const schema = node.schema?.name;
    if (schema?.startsWith(PLACEHOLDER)) this.visitNode(IdentifierNode.create(schema.slice(PLACEHOLDER.length) + node.identifier.name));
    else super.visitSchemableIdentifier(node);
  }
}

/** Index names are global in a SQLite file: the ones an app creates carry its prefix too. */
class IndexNamePrefix implements KyselyPlugin {
  private readonly transformer: IndexNameTransformer;

  constructor(prefix: string) {
    this.transformer = new IndexNameTransformer(prefix);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    // Only CREATE INDEX names an index to create; every other query passes untouched (and uncopied).
    return args.node.kind === 'CreateIndexNode' ? this.transformer.transformNode(args.node, args.queryId) : args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

class IndexNameTransformer extends OperationNodeTransformer {
  constructor(private readonly prefix: string) {
    super();
  }

  protected override transformCreateIndex(node: CreateIndexNode, queryId?: PluginTransformQueryArgs['queryId']): CreateIndexNode {
    const transformed = super.transformCreateIndex(node, queryId);
    if (transformed.name.name.startsWith(this.prefix)) return transformed;
    return { ...transformed, name: IdentifierNode.create(this.prefix + transformed.name.name) };
  }
}
