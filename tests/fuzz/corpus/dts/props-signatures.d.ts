import { ListenerProp } from './varComponent'

export interface RateProps {
  [name: string]: any
  modelValue?: number
  onChange?: ListenerProp<(value: number) => void>
  count?: string | number
  (options: RateProps): void
  'onUpdate:modelValue'?: ListenerProp<(value: number) => void>
  count?: number
  rules?: RateRules
}
