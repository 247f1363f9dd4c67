/** Every API error has this body. `field` names the input at fault when there is one. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
  requestId?: string;
}
